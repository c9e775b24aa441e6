export interface Paged<T> {
  /** The requested page, clamped to the pages that exist (so a shrinking list never shows an empty page). */
  page: number;
  rows: T[];
  total: number;
}

/** Client-side paging of an already loaded list; `page` is 1-based. */
export function paginate<T>(items: readonly T[], page: number, pageSize: number): Paged<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  return { page: current, rows: items.slice((current - 1) * pageSize, current * pageSize), total: items.length };
}
