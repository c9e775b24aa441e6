export interface TemplateProblem {
  message: string;
  line?: number;
}

/**
 * Reads `details.problems` from a TemplateCompileError the tRPC client received; null when the error carries none
 * (then it is not a compile error and is shown as a plain message).
 */
export function problemsFromDetails(details: unknown): TemplateProblem[] | null {
  if (typeof details !== "object" || details === null || !("problems" in details)) return null;
  const raw = (details as { problems: unknown }).problems;
  if (!Array.isArray(raw)) return null;
  const problems: TemplateProblem[] = [];
  for (const item of raw) {
    if (typeof item !== "object" || item === null) continue;
    const { message, line } = item as { message?: unknown; line?: unknown };
    if (typeof message !== "string") continue;
    problems.push(typeof line === "number" && Number.isInteger(line) && line >= 1 ? { message, line } : { message });
  }
  return problems.length > 0 ? problems : null;
}

export interface LineMark {
  /** 1-based line in the current document. */
  line: number;
  /** Every message reported for that line, for the gutter tooltip. */
  messages: string[];
}

/**
 * The lines to decorate for a list of problems, in a document of `lineCount` lines: one mark per line (messages
 * merged), sorted; a line past the end (the body got shorter since the check) marks the last line instead of
 * vanishing, and problems without a line are left to the problems list.
 */
export function problemLineMarks(problems: readonly TemplateProblem[], lineCount: number): LineMark[] {
  if (lineCount < 1) return [];
  const byLine = new Map<number, string[]>();
  for (const problem of problems) {
    if (problem.line === undefined) continue;
    const line = Math.min(Math.max(1, Math.floor(problem.line)), lineCount);
    const messages = byLine.get(line) ?? [];
    messages.push(problem.message);
    byLine.set(line, messages);
  }
  return [...byLine.entries()].sort(([a], [b]) => a - b).map(([line, messages]) => ({ line, messages }));
}

/** Problems in reading order: by line, those without a line last, the server's order kept within a line. */
export function sortProblems(problems: readonly TemplateProblem[]): TemplateProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? Number.POSITIVE_INFINITY) - (b.problem.line ?? Number.POSITIVE_INFINITY) || a.index - b.index)
    .map(({ problem }) => problem);
}
