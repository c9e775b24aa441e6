import type { ResultRow } from "../data-connectors/adapter";

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

/** "alice@example.com" → "a***@example.com": the domain stays readable, the person does not. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return value.length === 0 ? value : `${value.slice(0, 1)}***`;
  const local = value.slice(0, at);
  return `${local.slice(0, 1)}***${value.slice(at)}`;
}

/**
 * Masks the `email` column whatever it holds, and any other string value that looks like an email address, so
 * `select email as contact` does not slip past.
 */
export function maskEmailsInRows(rows: ResultRow[]): ResultRow[] {
  return rows.map((row) => {
    const masked: ResultRow = {};
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === "string" && (key === "email" || EMAIL_LIKE.test(value.trim()))) masked[key] = maskEmail(value);
      else masked[key] = value;
    }
    return masked;
  });
}
