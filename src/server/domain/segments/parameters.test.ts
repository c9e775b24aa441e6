import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/lib/errors";
import { coerceParameterValue, resolveParameterValues, segmentParametersSchema } from "./parameters";

function issues(input: unknown): string[] {
  const parsed = segmentParametersSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("coerceParameterValue", () => {
  it.each([
    ["number", "42", 42],
    ["number", " -1.5 ", -1.5],
    ["number", 7, 7],
    ["boolean", "TRUE", true],
    ["boolean", false, false],
    ["string", 12, "12"],
    ["date", "2024-02-29", "2024-02-29"],
    ["timestamp", "2025-01-31T12:00:00Z", "2025-01-31T12:00:00Z"],
    ["timestamp", "2025-01-31 12:00", "2025-01-31 12:00"],
    ["timestamp", "2025-01-31", "2025-01-31"],
    ["timestamp", "2025-01-31T12:00:00.123+02:00", "2025-01-31T12:00:00.123+02:00"],
  ] as const)("%s accepts %j", (type, value, expected) => {
    expect(coerceParameterValue(type, value)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["number", "abc"],
    ["number", ""],
    ["number", true],
    ["number", Number.POSITIVE_INFINITY],
    ["boolean", "yes"],
    ["boolean", 1],
    ["date", "2023-02-29"],
    ["date", "31/01/2025"],
    ["timestamp", "yesterday"],
    ["timestamp", "2025-13-01T00:00:00Z"],
    ["timestamp", "2025-01-01T25:00"],
    ["string", null],
  ] as const)("%s refuses %j", (type, value) => {
    expect(coerceParameterValue(type, value).ok).toBe(false);
  });
});

describe("segmentParametersSchema", () => {
  it("stores defaults coerced to the declared type and drops empty non-string defaults", () => {
    expect(
      segmentParametersSchema.parse([
        { name: "min_credits", type: "number", default: "10" },
        { name: "active", type: "boolean", default: "false" },
        { name: "since", type: "date", default: "" },
        { name: "plan", type: "string", default: "" },
        { name: "until", type: "timestamp", default: null },
      ]),
    ).toEqual([
      { name: "min_credits", type: "number", default: 10 },
      { name: "active", type: "boolean", default: false },
      { name: "since", type: "date" },
      { name: "plan", type: "string", default: "" },
      { name: "until", type: "timestamp" },
    ]);
  });

  it("names the parameter whose default does not fit its type", () => {
    expect(issues([{ name: "since", type: "date", default: "last week" }])).toEqual([
      '0.default: Parameter "since": default "last week" is not a date (YYYY-MM-DD)',
    ]);
  });

  it("refuses invalid and duplicate names and unknown types", () => {
    expect(issues([{ name: "1abc", type: "string" }])[0]).toMatch(/^0\.name: Parameter names start with a letter/);
    expect(issues([{ name: "a-b", type: "string" }])[0]).toMatch(/^0\.name:/);
    expect(issues([{ name: "x", type: "string" }, { name: "x", type: "number" }])).toEqual(['1.name: Parameter "x" is declared more than once']);
    expect(issues([{ name: "x", type: "json" }])[0]).toMatch(/^0\.type: Parameter type must be one of string, number, boolean, date, timestamp/);
  });
});

describe("resolveParameterValues", () => {
  const parameters = [
    { name: "min_credits", type: "number" as const, default: 10 },
    { name: "plan", type: "string" as const },
  ];

  it("coerces given values and fills defaults", () => {
    expect(resolveParameterValues(parameters, { plan: "pro", min_credits: "3" })).toEqual({ plan: "pro", min_credits: 3 });
    expect(resolveParameterValues(parameters, { plan: "free" })).toEqual({ plan: "free", min_credits: 10 });
  });

  it("refuses unknown names, missing values and values of the wrong type, naming the parameter", () => {
    expect(() => resolveParameterValues(parameters, { plan: "x", nope: 1 })).toThrow(/unknown parameter "nope" \(declared parameters: min_credits, plan\)/);
    expect(() => resolveParameterValues(parameters, {})).toThrow(/parameter "plan" needs a value/);
    expect(() => resolveParameterValues(parameters, { plan: "x", min_credits: "many" })).toThrow(/parameter "min_credits": value "many" is not a number/);
    expect(() => resolveParameterValues([], { a: 1 })).toThrow(DomainError);
  });
});
