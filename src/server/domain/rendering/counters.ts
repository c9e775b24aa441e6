/**
 * How many times each recipient-independent compile step ran in this process. The per-recipient path must never move
 * these; the render bench and the tests read them to prove it.
 */
export const compileCounters = { mjml: 0, juice: 0, htmlToText: 0 };

export function compileCounterSnapshot(): Readonly<typeof compileCounters> {
  return { ...compileCounters };
}
