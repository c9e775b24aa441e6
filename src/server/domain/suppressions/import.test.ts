import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/lib/errors";
import { neutralizeFormula } from "./export";
import { IMPORT_MAX_ROWS, parseSuppressionsCsv, type CsvProblem } from "./import";

async function refusal(csv: string): Promise<{ message: string; problems: CsvProblem[] }> {
  try {
    await parseSuppressionsCsv(csv);
  } catch (error) {
    if (error instanceof DomainError && error.code === "INVALID") {
      return { message: error.message, problems: (error.details?.problems as CsvProblem[] | undefined) ?? [] };
    }
    throw error;
  }
  throw new Error("expected the CSV to be refused");
}

describe("parseSuppressionsCsv", () => {
  it("reads email, reason and note in any column order, normalising addresses and defaulting the reason", async () => {
    const { rows, duplicatesInFile } = await parseSuppressionsCsv('note,Email,REASON\n"left, for good", Alice@Example.com ,Complaint\n,bob@example.com,\n');
    expect(duplicatesInFile).toBe(0);
    expect(rows).toEqual([
      { line: 2, email: "Alice@Example.com", emailNormalized: "alice@example.com", reason: "complaint", note: "left, for good" },
      { line: 3, email: "bob@example.com", emailNormalized: "bob@example.com", reason: "manual", note: null },
    ]);
  });

  it("needs only an email column, ignores other columns (an export reimports as is) and tolerates BOM, CRLF and blank lines", async () => {
    const csv =
      "\ufeffemail,reason,source,note,created_at\r\na@x.io,bounce,webhook:ses,,2030-01-01T00:00:00.000Z\r\n\r\nb@x.io,unsubscribe,unsubscribe-link,hi,2030-01-01T00:00:00.000Z\r\n";
    const { rows } = await parseSuppressionsCsv(csv);
    expect(rows.map((r) => [r.line, r.emailNormalized, r.reason, r.note])).toEqual([
      [2, "a@x.io", "bounce", null],
      [4, "b@x.io", "unsubscribe", "hi"],
    ]);
    expect((await parseSuppressionsCsv("email\nc@x.io")).rows).toHaveLength(1);
  });

  it("keeps the first line of an address repeated in the file and counts the repeats", async () => {
    const { rows, duplicatesInFile } = await parseSuppressionsCsv("email,reason\na@x.io,bounce\nA@X.IO,manual\nb@x.io,\n a@x.io ,complaint\n");
    expect(rows.map((r) => [r.emailNormalized, r.reason])).toEqual([
      ["a@x.io", "bounce"],
      ["b@x.io", "manual"],
    ]);
    expect(duplicatesInFile).toBe(2);
  });

  it("reports every bad line with its line number, counting blank lines and multi-line records", async () => {
    const csv = [
      "email,reason,note",
      "good@x.io,manual,ok",
      "not-an-email,manual,",
      "",
      "c@x.io,spam,",
      'd@x.io,manual,"two',
      'lines"',
      "e f@x.io,,",
      "g@x.io,manual,note,extra",
      ",bounce,",
    ].join("\n");
    const { message, problems } = await refusal(csv);
    expect(problems).toEqual([
      { line: 3, message: '"not-an-email" must contain exactly one @ (found 0)' },
      { line: 5, message: 'reason "spam" must be one of bounce, complaint, unsubscribe, manual (or empty for manual)' },
      { line: 8, message: '"e f@x.io" contains a space' },
      { line: 9, message: "4 fields but the header has 3 (quote a note that contains a comma)" },
      { line: 10, message: "email is empty" },
    ]);
    expect(message).toMatch(/^Nothing was imported: the CSV has 5 problems\. line 3: "not-an-email" must contain exactly one @/);
    expect(message).toContain("line 10: email is empty");
  });

  it("lists the first ten problems in the message and says how many more there are", async () => {
    const csv = ["email", ...Array.from({ length: 25 }, (_, i) => `bad${i}`)].join("\n");
    const { message, problems } = await refusal(csv);
    expect(problems).toHaveLength(25);
    expect(message).toContain("the CSV has 25 problems");
    expect(message).toContain("line 11:");
    expect(message).not.toContain("line 12:");
    expect(message).toMatch(/; and 15 more problems$/);
  });

  it("refuses a header without an email column, a repeated column, and an empty file", async () => {
    expect((await refusal("address,reason\na@x.io,manual")).message).toBe(
      'Nothing was imported: the CSV has 1 problem. line 1: the header has no "email" column (found: address, reason); the columns are email, reason (optional) and note (optional)',
    );
    expect((await refusal("email,Email\na@x.io,b@x.io")).problems).toEqual([{ line: 1, message: 'the header names the column "email" twice' }]);
    expect((await refusal("")).message).toBe("The CSV is empty: its first line must be a header naming the columns, e.g. email,reason,note");
    expect((await refusal("\n\n")).message).toMatch(/^The CSV is empty/);
  });

  it("reports broken quoting with the line it happened on", async () => {
    const { problems } = await refusal('email,note\na@x.io,"fine"\nb@x.io,"unclosed\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.message).toMatch(/^the file is not valid CSV \(Quote Not Closed/);
  });

  it("refuses a note longer than 1000 characters", async () => {
    expect((await refusal(`email,note\na@x.io,${"n".repeat(1001)}`)).problems).toEqual([{ line: 2, message: "note is 1001 characters; at most 1000 are allowed" }]);
  });

  it("keeps a character split across two parsing slices intact", async () => {
    const sliceChars = 256 * 1024;
    const lines = ["email,note"];
    let length = "email,note\n".length;
    for (let i = 0; length < sliceChars - 600; i += 1) {
      const line = `u${i}@x.io,filler`;
      lines.push(line);
      length += line.length + 1;
    }
    const prefix = "z@x.io,";
    const padding = "a".repeat(sliceChars - 1 - length - prefix.length);
    lines.push(`${prefix}${padding}🙂end`);
    const csv = lines.join("\n");
    expect(csv.charCodeAt(sliceChars - 1)).toBe("🙂".charCodeAt(0));
    const { rows } = await parseSuppressionsCsv(csv);
    expect(rows.at(-1)?.note).toBe(`${padding}🙂end`);
  });

  it("refuses more than 100,000 rows and more than 10 MB with a clear message", { timeout: 30_000 }, async () => {
    const rows = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `u${i}@x.io`);
    expect((await refusal(["email", ...rows].join("\n"))).message).toBe(
      "The CSV has more than 100,000 rows; at most that many can be imported at once. Split it into smaller files.",
    );
    expect((await parseSuppressionsCsv(["email", ...rows.slice(1)].join("\n"))).rows).toHaveLength(IMPORT_MAX_ROWS);
    const big = `email,note\na@x.io,"${"é".repeat(5.5 * 1024 * 1024)}"`;
    expect((await refusal(big)).message).toBe("The CSV is 11.0 MB; at most 10 MB can be imported at once. Split it into smaller files.");
  });

  it("lets other work run while a large file is parsed", async () => {
    const csv = ["email,note", ...Array.from({ length: 50_000 }, (_, i) => `u${i}@x.io,note ${i}`)].join("\n");
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      expect((await parseSuppressionsCsv(csv)).rows).toHaveLength(50_000);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(1);
  });
});

describe("neutralizeFormula", () => {
  it("prefixes text a spreadsheet would run as a formula", () => {
    expect(neutralizeFormula('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(neutralizeFormula("+1")).toBe("'+1");
    expect(neutralizeFormula("-2")).toBe("'-2");
    expect(neutralizeFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralizeFormula("\tcmd")).toBe("'\tcmd");
    expect(neutralizeFormula("asked by phone")).toBe("asked by phone");
    expect(neutralizeFormula("")).toBe("");
  });
});
