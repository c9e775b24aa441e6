import { describe, expect, it } from "vitest";
import { formatWindow, inputToWindow, moveMember, windowToInput } from "./campaign-group-form";

describe("formatWindow", () => {
  it.each([
    [60, "1 min"],
    [90, "90 s"],
    [5400, "90 min"],
    [3600, "1 h"],
    [86_400, "24 h"],
    [129_600, "36 h"],
    [172_800, "2 d"],
    [604_800, "7 d"],
    [31_536_000, "365 d"],
  ])("shows %i seconds as %s", (seconds, text) => {
    expect(formatWindow(seconds)).toBe(text);
  });
});

describe("window form input", () => {
  it.each([
    [86_400, { value: "1", unit: "days" }],
    [7200, { value: "2", unit: "hours" }],
    [300, { value: "5", unit: "minutes" }],
    [90, { value: "1.5", unit: "minutes" }],
  ] as const)("edits %i seconds as %j and converts it back", (seconds, input) => {
    expect(windowToInput(seconds)).toEqual(input);
    expect(inputToWindow(input)).toBe(seconds);
  });

  it("converts decimal values that are whole seconds exactly", () => {
    expect(inputToWindow({ value: "0.7", unit: "hours" })).toBe(2520);
    expect(inputToWindow({ value: "1.1", unit: "days" })).toBe(95_040);
  });

  it("leaves bad input for the server to name: empty is NaN, fractions of a second stay fractional", () => {
    expect(inputToWindow({ value: " ", unit: "hours" })).toBeNaN();
    expect(inputToWindow({ value: "abc", unit: "hours" })).toBeNaN();
    expect(inputToWindow({ value: "1.01", unit: "minutes" })).toBeCloseTo(60.6, 9);
  });
});

describe("moveMember", () => {
  const ids = ["a", "b", "c"];
  it("swaps with the neighbour in the given direction", () => {
    expect(moveMember(ids, 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveMember(ids, 1, 1)).toEqual(["a", "c", "b"]);
  });
  it("keeps the order at either end and for an index out of range, without touching the input", () => {
    expect(moveMember(ids, 0, -1)).toEqual(ids);
    expect(moveMember(ids, 2, 1)).toEqual(ids);
    expect(moveMember(ids, 5, -1)).toEqual(ids);
    expect(ids).toEqual(["a", "b", "c"]);
  });
});
