export type PreviewDataResult = { ok: true; data: Record<string, unknown> } | { ok: false; error: string };

/** Line and column (both 1-based) of a string offset, for pointing at a JSON syntax error. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** V8 names the failing offset ("… in JSON at position 12"); Firefox names line and column ("… at line 1 column 2 …"). */
function describeSyntaxError(text: string, error: SyntaxError): string {
  const position = /at position (\d+)/.exec(error.message);
  const lineColumn = /at line (\d+) column (\d+)/.exec(error.message);
  const detail = error.message
    .replace(/^JSON\.parse: /, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/ at line \d+ column \d+.*$/s, "");
  let where: { line: number; column: number } | null = null;
  if (position?.[1] !== undefined) where = lineAndColumn(text, Number(position[1]));
  else if (lineColumn?.[1] !== undefined && lineColumn[2] !== undefined) where = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const at = where ? ` (line ${where.line}, column ${where.column})` : "";
  return `Preview data is not valid JSON${at}: ${detail.replace(/\.$/, "")}.`;
}

/**
 * Reads the "Preview data (JSON)" box: empty means no data; anything else must be one JSON object whose keys are the
 * template variables.
 */
export function parsePreviewData(text: string): PreviewDataResult {
  if (text.trim() === "") return { ok: true, data: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof SyntaxError ? describeSyntaxError(text, error) : "Preview data is not valid JSON." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    return { ok: false, error: `Preview data must be a JSON object like {"first_name": "Ada"}, not ${kind}.` };
  }
  return { ok: true, data: value as Record<string, unknown> };
}

/** A placeholder for a variable the data does not have yet, guessed from its name so the preview looks plausible. */
export function sampleValue(name: string): string {
  const lower = name.toLowerCase();
  if (lower.includes("email")) return "ada@example.com";
  if (lower.endsWith("url") || lower.endsWith("link") || lower.endsWith("href")) return "https://example.com";
  if (lower.includes("first")) return "Ada";
  if (lower.includes("last")) return "Lovelace";
  if (lower.includes("name")) return "Ada Lovelace";
  if (lower.includes("date") || lower.endsWith("at")) return new Date(Date.UTC(2025, 0, 31, 12)).toISOString();
  return `sample ${name}`;
}

/** The preview data with a placeholder added for every missing variable, pretty-printed; existing values stay. */
export function withMissingVariables(data: Record<string, unknown>, missing: readonly string[]): string {
  const next: Record<string, unknown> = { ...data };
  for (const name of missing) if (!(name in next)) next[name] = sampleValue(name);
  return JSON.stringify(next, null, 2);
}

/** One segment row as template data: JSON-safe values (dates as ISO strings), so it can be shown and edited as JSON. */
export function rowAsPreviewData(row: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))) as Record<string, unknown>;
}
