export interface DiffLineLike {
  type: "added" | "removed" | "unchanged";
}

export type DiffRow<L extends DiffLineLike> = { kind: "line"; line: L } | { kind: "fold"; count: number };

/**
 * A unified-diff view of a line diff: unchanged lines more than `context` lines away from any change collapse into
 * one "N unchanged lines" row, so a one-line edit in a long body shows as a few lines.
 */
export function foldUnchanged<L extends DiffLineLike>(lines: readonly L[], context = 3): DiffRow<L>[] {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.type === "unchanged") return;
    for (let i = Math.max(0, index - context); i <= Math.min(lines.length - 1, index + context); i += 1) near[i] = true;
  });
  const rows: DiffRow<L>[] = [];
  lines.forEach((line, index) => {
    if (near[index]) {
      rows.push({ kind: "line", line });
      return;
    }
    const last = rows.at(-1);
    if (last?.kind === "fold") last.count += 1;
    else rows.push({ kind: "fold", count: 1 });
  });
  return rows;
}
