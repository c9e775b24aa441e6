import { describe, expect, it } from "vitest";
import { createComponentInput } from "./inputs";

const base = { name: "button", type: "BUTTON", contentType: "MJML", content: "<mj-button href=\"{{url}}\">{{text}}</mj-button>" } as const;
const messages = (input: unknown) => {
  const result = createComponentInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("component input", () => {
  it("accepts valid variables and fills defaults", () => {
    const parsed = createComponentInput.parse({
      ...base,
      variables: [
        { name: "text", type: "string" },
        { name: "url", type: "url", defaultValue: "https://example.com/path?x=1" },
        { name: "color", type: "color", defaultValue: "#1a73e8" },
        { name: "logo", type: "image", defaultValue: "" },
      ],
    });
    expect(parsed.variables[0]).toEqual({ name: "text", type: "string", defaultValue: "", description: "" });
  });

  it("refuses partial names Handlebars cannot call", () => {
    expect(messages({ ...base, name: "1button" })).toEqual([expect.stringMatching(/^name: Name is the partial name/)]);
    expect(messages({ ...base, name: "my button" })).toHaveLength(1);
    expect(messages({ ...base, name: "Primary_button-2" })).toEqual([]);
  });

  it("names duplicate variables and unusable defaults by position", () => {
    expect(
      messages({
        ...base,
        variables: [
          { name: "url", type: "url", defaultValue: "javascript:alert(1)" },
          { name: "url", type: "string" },
          { name: "color", type: "color", defaultValue: "#12" },
          { name: "logo", type: "image", defaultValue: "logo.png" },
        ],
      }),
    ).toEqual([
      'variables.0.defaultValue: "javascript:alert(1)" is not a link; use an absolute http(s):// or mailto: address',
      'variables.1.name: Variable "url" is declared twice',
      'variables.2.defaultValue: "#12" is not a colour; use a hex colour such as #1a73e8',
      'variables.3.defaultValue: "logo.png" is not an image address; use an absolute http(s):// URL',
    ]);
  });

  it("refuses empty content and unknown enum values", () => {
    expect(messages({ ...base, content: "   " })).toEqual(["content: Content is required"]);
    expect(messages({ ...base, type: "BANNER" })).toEqual(["type: Type must be HEADER, FOOTER, BUTTON, CARD, DIVIDER or SNIPPET"]);
  });
});
