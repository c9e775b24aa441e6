import { describe, expect, it } from "vitest";
import { parsePreviewData, rowAsPreviewData, withMissingVariables } from "./preview-data";

describe("parsePreviewData", () => {
  it("reads a JSON object as template data", () => {
    expect(parsePreviewData('{"firstName": "Ada", "credits": 3}')).toEqual({ ok: true, data: { firstName: "Ada", credits: 3 } });
  });

  it("treats an empty box as no data", () => {
    expect(parsePreviewData("  \n")).toEqual({ ok: true, data: {} });
  });

  it("points at the line and column of a syntax error", () => {
    const result = parsePreviewData('{\n  "firstName": "Ada"\n  "credits": 3\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Preview data is not valid JSON \(line 3, column 3\): /);
  });

  it("refuses arrays, null and scalars with what it got", () => {
    for (const [text, kind] of [
      ["[1, 2]", "an array"],
      ["null", "null"],
      ['"Ada"', "a string"],
      ["42", "a number"],
    ] as const) {
      const result = parsePreviewData(text);
      expect(result).toEqual({ ok: false, error: expect.stringContaining(`not ${kind}`) });
    }
  });
});

describe("withMissingVariables", () => {
  it("adds a plausible placeholder per missing variable and keeps existing values", () => {
    const json = withMissingVariables({ firstName: "Grace" }, ["firstName", "ctaUrl", "email", "plan"]);
    expect(JSON.parse(json)).toEqual({ firstName: "Grace", ctaUrl: "https://example.com", email: "ada@example.com", plan: "sample plan" });
  });
});

describe("rowAsPreviewData", () => {
  it("turns dates into ISO strings and big integers into strings", () => {
    const row = { subject_id: 10n, signed_up_at: new Date("2025-01-31T12:00:00Z"), name: "Ada", note: null };
    expect(rowAsPreviewData(row)).toEqual({ subject_id: "10", signed_up_at: "2025-01-31T12:00:00.000Z", name: "Ada", note: null });
  });
});
