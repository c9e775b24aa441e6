import { describe, expect, it } from "vitest";
import { newVariableRow, previewArgs, starterComponent, toVariableRows, toVariables, usageSnippet } from "./component-form";

describe("usageSnippet", () => {
  it("shows the partial call with every variable and its default", () => {
    expect(
      usageSnippet("button", [
        { name: "text", defaultValue: "Add credits" },
        { name: "url", defaultValue: "" },
      ]),
    ).toBe('{{> button text="Add credits" url="value" }}');
  });

  it("escapes quotes in defaults and skips unnamed rows", () => {
    expect(usageSnippet(" card ", [{ name: "title", defaultValue: 'Say "hi"' }, { name: " ", defaultValue: "x" }])).toBe('{{> card title="Say \\"hi\\"" }}');
  });

  it("falls back to a placeholder name while the name is empty", () => {
    expect(usageSnippet("", [])).toBe("{{> name }}");
  });
});

describe("variables rows", () => {
  it("round-trips variables through editable rows with their own keys", () => {
    const variables = [{ name: "color", type: "color" as const, defaultValue: "#fff", description: "Background" }];
    const rows = toVariableRows(variables);
    expect(rows[0]?.key).toMatch(/^variable-\d+$/);
    expect(toVariables(rows)).toEqual(variables);
  });

  it("trims names and drops rows left completely empty, but keeps half-filled ones for the server to name", () => {
    const rows = [newVariableRow({ name: " title " }), newVariableRow(), newVariableRow({ defaultValue: "x" })];
    expect(toVariables(rows)).toEqual([
      { name: "title", type: "string", defaultValue: "", description: "" },
      { name: "", type: "string", defaultValue: "x", description: "" },
    ]);
  });
});

describe("previewArgs", () => {
  it("passes only the overrides that were typed, under the variable's trimmed name", () => {
    expect(previewArgs([{ name: "text" }, { name: " url " }, { name: "color" }], { text: "Hi", url: "", color: "#000" })).toEqual({ text: "Hi", color: "#000" });
  });
});

describe("starterComponent", () => {
  it("declares every variable its starter content uses", () => {
    for (const contentType of ["MJML", "HTML"] as const) {
      for (const type of ["BUTTON", "DIVIDER", "HEADER"] as const) {
        const { content, variables } = starterComponent(type, contentType);
        const used = [...content.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);
        expect(new Set(variables.map((v) => v.name))).toEqual(new Set(used));
      }
    }
  });
});
