import { describe, expect, it } from "vitest";
import {
  activeVersionLabel,
  defaultVersion,
  editorSource,
  editorValues,
  emptyTemplateForm,
  sameContent,
  slugify,
  starterMjml,
  versionLabel,
  withKey,
  withName,
} from "./template-form";

describe("slugify", () => {
  it("turns a display name into lower-case hyphenated ASCII words", () => {
    expect(slugify("Welcome — Spring Sale!")).toBe("welcome-spring-sale");
    expect(slugify("  Order #1234 shipped  ")).toBe("order-1234-shipped");
  });

  it("folds accents instead of dropping the letters", () => {
    expect(slugify("Café Crème Brûlée")).toBe("cafe-creme-brulee");
  });

  it("gives an empty key for names without letters or digits", () => {
    expect(slugify("!!! ---")).toBe("");
  });

  it("caps the key at 80 characters without a trailing hyphen", () => {
    const key = slugify(`${"a".repeat(79)} b`);
    expect(key).toBe("a".repeat(79));
    expect(slugify("word ".repeat(30)).length).toBeLessThanOrEqual(80);
    expect(slugify("word ".repeat(30)).endsWith("-")).toBe(false);
  });
});

describe("key follows the name until edited", () => {
  it("re-slugs the key on every name change while the key is untouched", () => {
    const form = withName(withName(emptyTemplateForm(), "Welcome"), "Welcome back");
    expect(form.key).toBe("welcome-back");
  });

  it("keeps an edited key when the name changes, and hands it back when cleared", () => {
    let form = withName(emptyTemplateForm(), "Welcome");
    form = withKey(form, "onboarding-1");
    form = withName(form, "Welcome back");
    expect(form.key).toBe("onboarding-1");
    form = withKey(form, "");
    expect(form).toMatchObject({ key: "welcome-back", keyEdited: false });
  });
});

describe("starterMjml", () => {
  it("uses the header and footer components when they exist", () => {
    const body = starterMjml(["button", "footer", "header"]);
    expect(body.indexOf("{{> header}}")).toBeGreaterThan(body.indexOf("<mj-body>"));
    expect(body.indexOf("{{> footer}}")).toBeGreaterThan(body.indexOf("</mj-section>"));
  });

  it("leaves out partials that are not in the library, which would fail to compile", () => {
    const body = starterMjml(["header"]);
    expect(body).toContain("{{> header}}");
    expect(body).not.toContain("footer");
  });
});

describe("version labels", () => {
  const published = (version: number, active = false) => ({ version, active, publishedAt: new Date("2025-01-01") });
  const draft = (version: number) => ({ version, active: false, publishedAt: null });

  it("names drafts and published versions, marking the active one", () => {
    expect(versionLabel(draft(4))).toBe("Draft v4");
    expect(versionLabel(published(3, true))).toBe("Published v3 · active");
    expect(versionLabel(published(2))).toBe("Published v2");
    expect(activeVersionLabel(3)).toBe("v3");
    expect(activeVersionLabel(null)).toBe("Draft only");
  });

  it("opens the newest draft, else the active version, else the newest", () => {
    expect(defaultVersion([published(1), published(2, true), draft(3)])?.version).toBe(3);
    expect(defaultVersion([published(1), published(3, true), published(2)])?.version).toBe(3);
    expect(defaultVersion([published(2, true), published(1)])?.version).toBe(2);
    expect(defaultVersion([published(1), published(2)])?.version).toBe(2);
    expect(defaultVersion([])).toBeUndefined();
  });
});

describe("editor content", () => {
  const stored = {
    authoringMode: "MJML" as const,
    subject: "Hi",
    preheader: "",
    bodyMjml: "<mjml></mjml>",
    bodyHtml: null,
    bodyText: null,
    builderJson: null,
  };

  it("sends only the body of the version's mode", () => {
    const values = editorValues(stored);
    expect(editorSource("MJML", values)).toEqual({ authoringMode: "MJML", subject: "Hi", preheader: "", bodyText: "", bodyMjml: "<mjml></mjml>" });
    expect(editorSource("HTML", { ...values, body: "<p/>" })).toEqual({ authoringMode: "HTML", subject: "Hi", preheader: "", bodyText: "", bodyHtml: "<p/>" });
    const doc = { version: 1, sections: [] };
    expect(editorSource("BUILDER", { ...values, builderJson: doc })).toMatchObject({ builderJson: doc });
    expect(editorSource("BUILDER", { ...values, builderJson: doc })).not.toHaveProperty("bodyMjml");
  });

  it("sees edits as unsaved, but not what the server trims away", () => {
    const values = editorValues(stored);
    expect(sameContent("MJML", values, stored)).toBe(true);
    expect(sameContent("MJML", { ...values, bodyText: "  " }, stored)).toBe(true);
    expect(sameContent("MJML", { ...values, subject: "Hi " }, stored)).toBe(true);
    expect(sameContent("MJML", { ...values, subject: "Hi!" }, stored)).toBe(false);
    expect(sameContent("MJML", { ...values, body: "<mjml> </mjml>" }, stored)).toBe(false);
  });

  it("compares builder documents by content", () => {
    const builder = { ...stored, authoringMode: "BUILDER" as const, bodyMjml: null, builderJson: { version: 1, sections: [{ id: "s" }] } };
    const values = editorValues(builder);
    expect(sameContent("BUILDER", { ...values, builderJson: { version: 1, sections: [{ id: "s" }] } }, builder)).toBe(true);
    expect(sameContent("BUILDER", { ...values, builderJson: { version: 1, sections: [] } }, builder)).toBe(false);
  });

  it("ignores the key order jsonb gives a saved builder document back in", () => {
    const edited = { version: 1, sections: [{ id: "s", blocks: [[{ id: "b", type: "text", content: "Hi", fontSize: 16, align: "left" }]] }] };
    const fromJsonb = { sections: [{ id: "s", blocks: [[{ id: "b", type: "text", align: "left", content: "Hi", fontSize: 16 }]] }], version: 1 };
    const builder = { ...stored, authoringMode: "BUILDER" as const, bodyMjml: null, builderJson: fromJsonb };
    expect(sameContent("BUILDER", { ...editorValues(builder), builderJson: edited }, builder)).toBe(true);
    const moved = { version: 1, sections: [{ id: "s", blocks: [[{ id: "b", type: "text", content: "Hi", fontSize: 16, align: "center" }]] }] };
    expect(sameContent("BUILDER", { ...editorValues(builder), builderJson: moved }, builder)).toBe(false);
  });
});
