import { beforeAll, describe, expect, it } from "vitest";
import type { SegmentParameter } from "@/server/db/schema";
import { QueryRejectedError } from "./errors";
import { bindNamedParameters } from "./parameters";
import { loadPostgresParser } from "./pg-parser";

function refusal(run: () => unknown): QueryRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryRejectedError) return error;
    throw error;
  }
  throw new Error("expected a QueryRejectedError");
}

const minCredits: SegmentParameter = { name: "minCredits", type: "number" };
const plan: SegmentParameter = { name: "plan", type: "string", default: "pro" };

describe("bindNamedParameters (postgres)", () => {
  beforeAll(() => loadPostgresParser());

  it("binds :name as $n in order of first use and returns the values in that order", () => {
    const bound = bindNamedParameters(
      "SELECT * FROM c WHERE plan = :plan AND credits >= :minCredits AND alt_plan = :plan",
      [minCredits, plan],
      { minCredits: "10" },
      "postgres",
    );
    expect(bound).toEqual({ sql: "SELECT * FROM c WHERE plan = $1 AND credits >= $2 AND alt_plan = $1", values: ["pro", 10] });
  });

  it("leaves casts, strings, dollar quotes, comments and quoted identifiers untouched", () => {
    const sql = `SELECT x::int, ':plan', E'\\':plan', $$ :plan $$, $t$:plan$t$, "a:plan", U&":plan" -- :plan
      /* :plan /* :plan */ */, :plan`;
    const bound = bindNamedParameters(sql, [plan], {}, "postgres");
    expect(bound.sql).toBe(sql.replace(/, :plan$/, ", $1"));
    expect(bound.values).toEqual(["pro"]);
  });

  it("treats keywords as names when declared and leaves array slices alone", () => {
    const bound = bindNamedParameters("SELECT a[1:n], a[:limit], :limit", [{ name: "limit", type: "number" }], { limit: 3 }, "postgres");
    expect(bound).toEqual({ sql: "SELECT a[1:n], a[$1], $1", values: [3] });
  });

  it("keeps a hostile value a value: it never becomes SQL text", () => {
    const bound = bindNamedParameters("SELECT :plan AS p", [plan], { plan: "'; DROP TABLE canary; --" }, "postgres");
    expect(bound).toEqual({ sql: "SELECT $1 AS p", values: ["'; DROP TABLE canary; --"] });
  });

  it("refuses an undeclared placeholder, naming it and its position", () => {
    const error = refusal(() => bindNamedParameters("SELECT 1 WHERE x = :nope", [], {}, "postgres"));
    expect(error.message).toMatch(/Parameter :nope is not declared/);
    expect(error.details).toEqual({ position: 20 });
  });

  it("reports the real syntax error of SQL the scanner cannot tokenize", () => {
    const error = refusal(() => bindNamedParameters("SELECT :plan, 'unterminated", [plan], {}, "postgres"));
    expect(error.message).toMatch(/unterminated quoted string/);
    expect(error.details).toEqual({ position: 15 });
  });

  it("refuses a parameter with neither value nor default, naming it", () => {
    const error = refusal(() => bindNamedParameters("SELECT :minCredits", [minCredits], {}, "postgres"));
    expect(error.message).toBe("Parameter minCredits needs a value: none was given and it declares no default");
  });

  it("treats an empty form value of a non-string parameter as missing, so the default applies", () => {
    const bound = bindNamedParameters("SELECT :n", [{ name: "n", type: "number", default: 5 }], { n: "" }, "postgres");
    expect(bound.values).toEqual([5]);
  });
});

describe("parameter coercion", () => {
  beforeAll(() => loadPostgresParser());

  const bindOne = (parameter: SegmentParameter, value: unknown) =>
    bindNamedParameters(`SELECT :${parameter.name}`, [parameter], { [parameter.name]: value }, "postgres").values[0];

  it.each([
    [{ name: "n", type: "number" }, " 42 ", 42],
    [{ name: "n", type: "number" }, -1.5, -1.5],
    [{ name: "b", type: "boolean" }, "TRUE", true],
    [{ name: "b", type: "boolean" }, false, false],
    [{ name: "s", type: "string" }, 12, "12"],
    [{ name: "d", type: "date" }, "2024-02-29", "2024-02-29"],
    [{ name: "d", type: "date" }, new Date("2024-03-01T10:00:00Z"), "2024-03-01"],
    [{ name: "t", type: "timestamp" }, "2025-01-31T12:00:00+02:00", new Date("2025-01-31T10:00:00Z")],
    [{ name: "t", type: "timestamp" }, "2025-01-31 12:00", new Date("2025-01-31T12:00:00Z")],
  ] as Array<[SegmentParameter, unknown, unknown]>)("%j accepts %j", (parameter, value, expected) => {
    expect(bindOne(parameter, value)).toEqual(expected);
  });

  it.each([
    [{ name: "minCredits", type: "number" }, "abc", "Parameter minCredits must be a number"],
    [{ name: "minCredits", type: "number" }, Number.POSITIVE_INFINITY, "Parameter minCredits must be a number"],
    [{ name: "active", type: "boolean" }, "yes", "Parameter active must be true or false"],
    [{ name: "since", type: "date" }, "2023-02-29", "Parameter since must be a date (YYYY-MM-DD)"],
    [{ name: "at", type: "timestamp" }, "yesterday", "Parameter at must be a timestamp (ISO 8601, e.g. 2025-01-31T12:00:00Z)"],
    [{ name: "name", type: "string" }, { a: 1 }, "Parameter name must be a string"],
  ] as Array<[SegmentParameter, unknown, string]>)("%j refuses %j", (parameter, value, message) => {
    expect(refusal(() => bindOne(parameter, value)).message).toBe(message);
  });
});

describe("bindNamedParameters (bigquery)", () => {
  it("binds :name as @name and returns the named values it uses", () => {
    const bound = bindNamedParameters(
      "SELECT * FROM `p.d.t` WHERE plan = :plan AND credits >= :minCredits",
      [minCredits, plan, { name: "unused", type: "string", default: "x" }],
      { minCredits: 3 },
      "bigquery",
    );
    expect(bound).toEqual({ sql: "SELECT * FROM `p.d.t` WHERE plan = @plan AND credits >= @minCredits", values: { plan: "pro", minCredits: 3 } });
  });

  it("leaves strings, raw and triple-quoted strings, backtick identifiers and comments untouched", () => {
    const sql = `SELECT ':plan', ":plan", '''a ' :plan''', """:plan""", r'\\':plan', b":plan", \`x:plan\` -- :plan
      # :plan
      /* :plan */, :plan`;
    const bound = bindNamedParameters(sql, [plan], {}, "bigquery");
    expect(bound.sql).toBe(sql.replace(/, :plan$/, ", @plan"));
    expect(bound.values).toEqual({ plan: "pro" });
  });

  it("refuses undeclared placeholders and unterminated strings with positions", () => {
    expect(refusal(() => bindNamedParameters("SELECT :x", [], {}, "bigquery")).details).toEqual({ position: 8 });
    expect(refusal(() => bindNamedParameters("SELECT 'abc", [], {}, "bigquery")).message).toMatch(/Unterminated string/);
  });
});
