import { describe, expect, it } from "vitest";
import { AudienceScreen } from "./audience-screen";

function screenAll(rows: [string, string][]) {
  const screen = new AudienceScreen();
  return rows.map(([subjectId, email]) => screen.screen(subjectId, email));
}

describe("AudienceScreen", () => {
  it("normalises addresses and queues first occurrences", () => {
    expect(screenAll([["s1", "  Ann@Example.COM "], ["s2", "bob@example.com"]])).toEqual([
      { email: "ann@example.com", skipReason: null },
      { email: "bob@example.com", skipReason: null },
    ]);
  });

  it("marks a repeated subject as duplicate before judging its address", () => {
    expect(screenAll([["s1", "bad"], ["s1", "also bad"], ["s1", "ok@example.com"]])).toEqual([
      { email: "bad", skipReason: "invalid_email" },
      { email: "also bad", skipReason: "duplicate" },
      { email: "ok@example.com", skipReason: "duplicate" },
    ]);
  });

  it("marks a repeated valid address as duplicate whatever its casing, but never repeats of an invalid one", () => {
    expect(screenAll([["s1", "a@example.com"], ["s2", "A@EXAMPLE.com"], ["s3", "nope"], ["s4", "nope"]])).toEqual([
      { email: "a@example.com", skipReason: null },
      { email: "a@example.com", skipReason: "duplicate" },
      { email: "nope", skipReason: "invalid_email" },
      { email: "nope", skipReason: "invalid_email" },
    ]);
  });

  it("remembers an address first seen on a duplicate subject", () => {
    expect(screenAll([["s1", "a@example.com"], ["s1", "b@example.com"], ["s2", "b@example.com"]]).map((row) => row.skipReason)).toEqual([
      null,
      "duplicate",
      "duplicate",
    ]);
  });
});
