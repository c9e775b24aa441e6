import { describe, expect, it } from "vitest";
import { problemLineMarks, problemsFromDetails, sortProblems } from "./template-problems";

describe("problemsFromDetails", () => {
  it("reads the compile error's problems, keeping only valid 1-based lines", () => {
    const details = {
      problems: [
        { message: "Unknown partial “hedaer”", line: 3 },
        { message: "mj-column cannot be used inside mj-body", line: 0 },
        { message: "Cycle: a → b → a" },
        { message: 42 },
      ],
    };
    expect(problemsFromDetails(details)).toEqual([
      { message: "Unknown partial “hedaer”", line: 3 },
      { message: "mj-column cannot be used inside mj-body" },
      { message: "Cycle: a → b → a" },
    ]);
  });

  it("is null for errors that are not compile errors", () => {
    expect(problemsFromDetails(undefined)).toBeNull();
    expect(problemsFromDetails({ position: 4 })).toBeNull();
    expect(problemsFromDetails({ problems: [] })).toBeNull();
  });
});

describe("problemLineMarks", () => {
  it("gives one mark per line with every message for it, in line order", () => {
    const marks = problemLineMarks(
      [
        { message: "b", line: 7 },
        { message: "a1", line: 2 },
        { message: "no line" },
        { message: "a2", line: 2 },
      ],
      10,
    );
    expect(marks).toEqual([
      { line: 2, messages: ["a1", "a2"] },
      { line: 7, messages: ["b"] },
    ]);
  });

  it("marks the last line when a problem's line is past the end of a shortened body", () => {
    expect(problemLineMarks([{ message: "x", line: 40 }], 12)).toEqual([{ line: 12, messages: ["x"] }]);
    expect(problemLineMarks([{ message: "x", line: 1 }], 0)).toEqual([]);
  });
});

describe("sortProblems", () => {
  it("orders by line and puts problems without a line last, keeping the server's order otherwise", () => {
    const sorted = sortProblems([{ message: "none" }, { message: "l9", line: 9 }, { message: "l2a", line: 2 }, { message: "l2b", line: 2 }]);
    expect(sorted.map((p) => p.message)).toEqual(["l2a", "l2b", "l9", "none"]);
  });
});
