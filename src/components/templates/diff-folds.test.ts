import { describe, expect, it } from "vitest";
import { foldUnchanged } from "./diff-folds";

const lines = (spec: string) => [...spec].map((c, index) => ({ type: c === "+" ? ("added" as const) : c === "-" ? ("removed" as const) : ("unchanged" as const), index }));
const shape = (rows: ReturnType<typeof foldUnchanged<ReturnType<typeof lines>[number]>>) =>
  rows.map((row) => (row.kind === "fold" ? `(${row.count})` : row.line.type === "unchanged" ? "=" : row.line.type === "added" ? "+" : "-")).join("");

describe("foldUnchanged", () => {
  it("keeps the context lines around a change and folds the rest", () => {
    expect(shape(foldUnchanged(lines("==========-+==========")))).toBe("(7)===-+===(7)");
  });

  it("merges the context of nearby changes instead of folding between them", () => {
    expect(shape(foldUnchanged(lines("+=====+"), 3))).toBe("+=====+");
    expect(shape(foldUnchanged(lines("+=======+"), 3))).toBe("+===(1)===+");
  });

  it("folds everything when nothing changed and nothing when all changed", () => {
    expect(shape(foldUnchanged(lines("=====")))).toBe("(5)");
    expect(shape(foldUnchanged(lines("+-+")))).toBe("+-+");
    expect(foldUnchanged([])).toEqual([]);
  });
});
