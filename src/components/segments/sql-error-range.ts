export interface TextRange {
  from: number;
  to: number;
}

const WORD_CHAR = /[\p{L}\p{N}_$]/u;

/**
 * The editor range to underline for a governor error at `position` (1-based, in JavaScript string units like the
 * editor): the word that starts there, or the single character when it is punctuation. A position past the end marks
 * the last character, where "unexpected end of input" errors point.
 */
export function sqlErrorRange(doc: string, position: number): TextRange | null {
  if (doc.length === 0 || !Number.isFinite(position) || position < 1) return null;
  const from = Math.min(Math.floor(position) - 1, doc.length - 1);
  let to = from + 1;
  if (WORD_CHAR.test(doc[from] ?? "")) {
    while (to < doc.length && WORD_CHAR.test(doc[to] ?? "")) to += 1;
  } else if (/[\uD800-\uDBFF]/.test(doc[from] ?? "")) {
    to = Math.min(from + 2, doc.length);
  }
  return { from, to };
}

/** Reads `details.position` from an error the tRPC client received, when the server sent one. */
export function errorPosition(details: unknown): number | null {
  if (typeof details !== "object" || details === null || !("position" in details)) return null;
  const position = (details as { position: unknown }).position;
  return typeof position === "number" && Number.isFinite(position) ? position : null;
}
