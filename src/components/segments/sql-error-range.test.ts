import { describe, expect, it } from "vitest";
import { errorPosition, sqlErrorRange } from "./sql-error-range";

describe("sqlErrorRange", () => {
  it("marks the word that starts at the 1-based position", () => {
    const sql = "select 1; delete from x";
    expect(sqlErrorRange(sql, 11)).toEqual({ from: 10, to: 16 });
    expect(sql.slice(10, 16)).toBe("delete");
  });

  it("marks a single punctuation character", () => {
    expect(sqlErrorRange("select 1;", 9)).toEqual({ from: 8, to: 9 });
  });

  it("counts JavaScript string units, as the governor reports them", () => {
    const sql = "select '😀' as x, bogus(";
    const range = sqlErrorRange(sql, sql.indexOf("bogus") + 1);
    expect(range && sql.slice(range.from, range.to)).toBe("bogus");
    const emoji = sqlErrorRange(sql, sql.indexOf("😀") + 1);
    expect(emoji && sql.slice(emoji.from, emoji.to)).toBe("😀");
  });

  it("clamps past-the-end positions to the last character and ignores nonsense", () => {
    expect(sqlErrorRange("select", 99)).toEqual({ from: 5, to: 6 });
    expect(sqlErrorRange("", 1)).toBeNull();
    expect(sqlErrorRange("select", 0)).toBeNull();
  });
});

describe("errorPosition", () => {
  it("reads a numeric position only", () => {
    expect(errorPosition({ position: 12 })).toBe(12);
    expect(errorPosition({ position: "12" })).toBeNull();
    expect(errorPosition(undefined)).toBeNull();
  });
});
