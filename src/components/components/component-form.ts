export const COMPONENT_TYPES = ["HEADER", "FOOTER", "BUTTON", "CARD", "DIVIDER", "SNIPPET"] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

export const CONTENT_TYPES = ["MJML", "HTML"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const VARIABLE_TYPES = ["string", "color", "url", "image"] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export const componentTypeLabel: Record<ComponentType, string> = {
  HEADER: "Header",
  FOOTER: "Footer",
  BUTTON: "Button",
  CARD: "Card",
  DIVIDER: "Divider",
  SNIPPET: "Snippet",
};

export interface ComponentVariable {
  name: string;
  type: VariableType;
  defaultValue: string;
  description: string;
}

export interface VariableRow extends ComponentVariable {
  /** Client-only identity so React keeps each row's inputs while rows are added and removed. */
  key: string;
}

let rowCounter = 0;
export function newVariableRow(partial: Partial<ComponentVariable> = {}): VariableRow {
  rowCounter += 1;
  return { key: `variable-${rowCounter}`, name: "", type: "string", defaultValue: "", description: "", ...partial };
}

export const toVariableRows = (variables: readonly ComponentVariable[]): VariableRow[] => variables.map((variable) => newVariableRow(variable));

/** The variables as the API takes them: trimmed names, rows left completely empty dropped. */
export function toVariables(rows: readonly VariableRow[]): ComponentVariable[] {
  return rows
    .filter((row) => row.name.trim() !== "" || row.defaultValue !== "" || row.description.trim() !== "")
    .map((row) => ({ name: row.name.trim(), type: row.type, defaultValue: row.defaultValue, description: row.description.trim() }));
}

const quote = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * How a template uses the component: `{{> button text="Add credits" url="https://…" }}`, every variable passed
 * with its default (or a placeholder), so authors can copy it and change the values.
 */
export function usageSnippet(name: string, variables: readonly Pick<ComponentVariable, "name" | "defaultValue">[]): string {
  const partial = name.trim() || "name";
  const args = variables.filter((v) => v.name.trim() !== "").map((v) => ` ${v.name.trim()}=${quote(v.defaultValue || "value")}`);
  return `{{> ${partial}${args.join("")} }}`;
}

/** Argument overrides for the preview: only the ones given, keyed by variable name. */
export function previewArgs(rows: readonly Pick<ComponentVariable, "name">[], values: Record<string, string>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const row of rows) {
    const name = row.name.trim();
    const value = values[name];
    if (name !== "" && value !== undefined && value !== "") args[name] = value;
  }
  return args;
}

const STARTERS: Record<ContentType, Partial<Record<ComponentType, string>> & { default: string }> = {
  MJML: {
    BUTTON: '<mj-button href="{{url}}" background-color="{{color}}">{{text}}</mj-button>\n',
    DIVIDER: '<mj-divider border-color="{{color}}" border-width="1px" />\n',
    default: "<mj-section>\n  <mj-column>\n    <mj-text>{{text}}</mj-text>\n  </mj-column>\n</mj-section>\n",
  },
  HTML: {
    BUTTON: '<a href="{{url}}" style="display:inline-block;padding:12px 20px;background:{{color}};color:#ffffff;text-decoration:none;border-radius:4px">{{text}}</a>\n',
    DIVIDER: '<hr style="border:none;border-top:1px solid {{color}}" />\n',
    default: "<div>{{text}}</div>\n",
  },
};

/** A first body and variables for a new component, so its preview shows something from the start. */
export function starterComponent(type: ComponentType, contentType: ContentType): { content: string; variables: ComponentVariable[] } {
  const content = STARTERS[contentType][type] ?? STARTERS[contentType].default;
  const variables: ComponentVariable[] = [];
  if (content.includes("{{text}}")) variables.push({ name: "text", type: "string", defaultValue: "Hello", description: "The text shown" });
  if (content.includes("{{url}}")) variables.push({ name: "url", type: "url", defaultValue: "https://example.com", description: "Where the button leads" });
  if (content.includes("{{color}}")) variables.push({ name: "color", type: "color", defaultValue: "#2563eb", description: "Main colour" });
  return { content, variables };
}
