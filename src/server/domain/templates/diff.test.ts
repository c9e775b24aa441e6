import { describe, expect, it } from "vitest";
import { diffField, diffVersionContent } from "./diff";
import type { VersionContent } from "./inputs";

const content = (overrides: Partial<VersionContent> = {}): VersionContent => ({
  subject: "Hi {{first_name}}",
  preheader: "",
  authoringMode: "MJML",
  bodyMjml: "<mjml>\n<mj-body>\n<mj-text>Hello</mj-text>\n</mj-body>\n</mjml>",
  bodyHtml: null,
  bodyText: null,
  builderJson: null,
  ...overrides,
});

describe("diffField", () => {
  it("numbers lines on both sides and emits a unified patch", () => {
    const diff = diffField("body", { label: "v1", text: "a\nb\nc\n" }, { label: "v2", text: "a\nB\nc\nd\n" });
    expect(diff.changed).toBe(true);
    expect(diff.lines).toEqual([
      { type: "unchanged", text: "a", oldLine: 1, newLine: 1 },
      { type: "removed", text: "b", oldLine: 2, newLine: null },
      { type: "added", text: "B", oldLine: null, newLine: 2 },
      { type: "unchanged", text: "c", oldLine: 3, newLine: 3 },
      { type: "added", text: "d", oldLine: null, newLine: 4 },
    ]);
    expect(diff.patch).toContain("--- v1/body");
    expect(diff.patch).toContain("+++ v2/body");
    expect(diff.patch).toMatch(/^-b$/m);
    expect(diff.patch).toMatch(/^\+B$/m);
    expect(diff.patch).toMatch(/^\+d$/m);
  });

  it("reports an unchanged field without a patch", () => {
    const diff = diffField("subject", { label: "v1", text: "Same" }, { label: "v2", text: "Same" });
    expect(diff).toEqual({ changed: false, patch: "", lines: [{ type: "unchanged", text: "Same", oldLine: 1, newLine: 1 }] });
  });

  it("handles empty sides", () => {
    expect(diffField("text", { label: "v1", text: "" }, { label: "v2", text: "" }).lines).toEqual([]);
    expect(diffField("text", { label: "v1", text: "" }, { label: "v2", text: "new" }).lines).toEqual([
      { type: "added", text: "new", oldLine: null, newLine: 1 },
    ]);
  });
});

describe("diffVersionContent", () => {
  it("diffs subject, preheader, the mode's body and the text part", () => {
    const diff = diffVersionContent(
      { version: 1, content: content() },
      { version: 2, content: content({ subject: "Hello {{first_name}}", bodyMjml: "<mjml>\n<mj-body>\n<mj-text>Hello there</mj-text>\n</mj-body>\n</mjml>" }) },
    );
    expect(diff.subject.changed).toBe(true);
    expect(diff.subject.patch).toContain("--- v1/subject");
    expect(diff.preheader.changed).toBe(false);
    expect(diff.bodyText.changed).toBe(false);
    expect(diff.body.lines.filter((l) => l.type !== "unchanged")).toEqual([
      { type: "removed", text: "<mj-text>Hello</mj-text>", oldLine: 3, newLine: null },
      { type: "added", text: "<mj-text>Hello there</mj-text>", oldLine: null, newLine: 3 },
    ]);
    expect(diff.authoringMode).toEqual({ from: "MJML", to: "MJML", changed: false });
  });

  it("compares builder documents as indented JSON and flags a mode change", () => {
    const diff = diffVersionContent(
      { version: 1, content: content() },
      { version: 2, content: content({ authoringMode: "BUILDER", bodyMjml: null, builderJson: { version: 1, sections: [] } }) },
    );
    expect(diff.authoringMode).toEqual({ from: "MJML", to: "BUILDER", changed: true });
    expect(diff.body.lines.filter((l) => l.type === "added").map((l) => l.text)).toEqual(["{", '  "version": 1,', '  "sections": []', "}"]);
  });
});
