/**
 * Offsets into SQL text. Everything the governor reports is a 1-based offset in JavaScript string units (what the
 * SQL editor uses); the parser reports UTF-8 byte offsets and Postgres itself counts characters (code points).
 */

/** Converts increasing UTF-8 byte offsets of `text` to string indexes without re-decoding from the start each time. */
export function byteOffsetConverter(text: string): (byteOffset: number) => number {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length === text.length) return (byteOffset) => byteOffset;
  let lastByte = 0;
  let lastIndex = 0;
  return (byteOffset) => {
    if (byteOffset < lastByte) {
      lastByte = 0;
      lastIndex = 0;
    }
    lastIndex += bytes.toString("utf8", lastByte, byteOffset).length;
    lastByte = byteOffset;
    return lastIndex;
  };
}

/** Converts a count of code points (Postgres' notion of a character) into a string index. */
export function codePointsToIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  }
  return index;
}

export interface Replacement {
  originalStart: number;
  originalEnd: number;
  start: number;
  end: number;
}

/** Maps an index in rewritten text back to the original text, given the replacements made (in order). */
export function toOriginalIndex(replacements: readonly Replacement[], index: number): number {
  let previous: Replacement | undefined;
  for (const replacement of replacements) {
    if (replacement.start > index) break;
    previous = replacement;
  }
  if (!previous) return index;
  if (index < previous.end) return previous.originalStart;
  return previous.originalEnd + (index - previous.end);
}
