import { describe, expect, it } from "vitest";
import { createTemplateInput, MAX_BODY_BYTES, normalizeVersionContent, parseVersionContent, versionContentSchema } from "./inputs";

const issues = (input: unknown) => {
  const result = versionContentSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("template input", () => {
  it("accepts slugs only as keys", () => {
    expect(createTemplateInput.safeParse({ key: "credits-low", name: "Credits" }).success).toBe(true);
    for (const key of ["Credits-Low", "credits--low", "-credits", "credits_low", "a".repeat(81)]) {
      expect(createTemplateInput.safeParse({ key, name: "Credits" }).success, key).toBe(false);
    }
  });
});

describe("version content", () => {
  it("requires the body of the chosen mode", () => {
    expect(issues({ subject: "Hi", authoringMode: "MJML", bodyHtml: "<p>x</p>" })).toEqual(["bodyMjml: MJML body is required in MJML mode"]);
    expect(issues({ subject: "Hi", authoringMode: "HTML", bodyHtml: "  " })).toEqual(["bodyHtml: HTML body is required in HTML mode"]);
    expect(issues({ subject: "Hi", authoringMode: "BUILDER" })).toEqual(["builderJson: Builder document is required in BUILDER mode"]);
  });

  it("validates builder documents with the builder's schema", () => {
    const found = issues({ subject: "Hi", authoringMode: "BUILDER", builderJson: { version: 2, sections: [] } });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.startsWith("builderJson: "))).toBe(true);
  });

  it("limits subject, preheader and body sizes", () => {
    expect(issues({ subject: "", authoringMode: "HTML", bodyHtml: "<p>x</p>" })).toEqual(["subject: Subject is required"]);
    expect(issues({ subject: "s".repeat(301), preheader: "p".repeat(301), authoringMode: "HTML", bodyHtml: "x" })).toEqual([
      "subject: Subject must be at most 300 characters",
      "preheader: Preheader must be at most 300 characters",
    ]);
    expect(issues({ subject: "Hi", authoringMode: "HTML", bodyHtml: "x".repeat(MAX_BODY_BYTES + 1) })).toEqual([
      "bodyHtml: HTML body must be at most 500 KB",
    ]);
  });

  it("keeps only the chosen mode's body and drops an empty text part", () => {
    const parsed = versionContentSchema.parse({ subject: "Hi", authoringMode: "HTML", bodyHtml: "<p>x</p>", bodyMjml: "<mjml/>", bodyText: " " });
    expect(normalizeVersionContent(parsed)).toEqual({
      subject: "Hi",
      preheader: "",
      authoringMode: "HTML",
      bodyMjml: null,
      bodyHtml: "<p>x</p>",
      bodyText: null,
      builderJson: null,
    });
  });

  it("turns problems in merged content into an INVALID domain error naming the field", () => {
    expect(() => parseVersionContent({ subject: "Hi", authoringMode: "MJML", bodyMjml: null })).toThrow(
      expect.objectContaining({ code: "INVALID", message: "bodyMjml: MJML body is required in MJML mode" }),
    );
  });
});
