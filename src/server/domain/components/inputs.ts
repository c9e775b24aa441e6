import { z } from "zod";

export const COMPONENT_TYPES = ["HEADER", "FOOTER", "BUTTON", "CARD", "DIVIDER", "SNIPPET"] as const;
export const COMPONENT_CONTENT_TYPES = ["MJML", "HTML"] as const;
export const COMPONENT_VARIABLE_TYPES = ["string", "color", "url", "image"] as const;
export const MAX_COMPONENT_BYTES = 100 * 1024;
export const MAX_COMPONENT_VARIABLES = 30;

const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL_COLOR = /^(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)$/i;
const NAMED_COLOR = /^[a-z]{3,20}$/i;

export const componentNameSchema = z
  .string("Name is required")
  .trim()
  .min(1, "Name is required")
  .max(64, "Name must be at most 64 characters")
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, "Name is the partial name used as {{> name}}: start with a letter, then letters, digits, _ or -");
export const componentTypeSchema = z.enum(COMPONENT_TYPES, "Type must be HEADER, FOOTER, BUTTON, CARD, DIVIDER or SNIPPET");
export const componentContentTypeSchema = z.enum(COMPONENT_CONTENT_TYPES, "Content type must be MJML or HTML");
export const componentContentSchema = z
  .string("Content is required")
  .refine((content) => content.trim().length > 0, "Content is required")
  .refine((content) => Buffer.byteLength(content, "utf8") <= MAX_COMPONENT_BYTES, `Content must be at most ${MAX_COMPONENT_BYTES / 1024} KB`);

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};

export const componentVariableSchema = z.object({
  name: z
    .string("Variable name is required")
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, "Variable name must start with a letter and contain only letters, digits and _")
    .max(64, "Variable name must be at most 64 characters"),
  type: z.enum(COMPONENT_VARIABLE_TYPES, "Variable type must be string, color, url or image"),
  defaultValue: z.string().max(2000, "Default value must be at most 2000 characters").default(""),
  description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
});

/** A default must be usable as is: a colour CSS accepts, an absolute link, an absolute image address. */
function defaultValueProblem(variable: z.output<typeof componentVariableSchema>): string | null {
  const value = variable.defaultValue.trim();
  switch (variable.type) {
    case "string":
      return null;
    case "color":
      return HEX_COLOR.test(value) || FUNCTIONAL_COLOR.test(value) || NAMED_COLOR.test(value)
        ? null
        : `"${variable.defaultValue}" is not a colour; use a hex colour such as #1a73e8`;
    case "url":
      return value === "" || value === "#" || isHttpUrl(value) || /^mailto:\S+@\S+$/i.test(value)
        ? null
        : `"${variable.defaultValue}" is not a link; use an absolute http(s):// or mailto: address`;
    case "image":
      return value === "" || isHttpUrl(value) ? null : `"${variable.defaultValue}" is not an image address; use an absolute http(s):// URL`;
  }
}

export const componentVariablesSchema = z
  .array(componentVariableSchema)
  .max(MAX_COMPONENT_VARIABLES, `A component has at most ${MAX_COMPONENT_VARIABLES} variables`)
  .superRefine((variables, ctx) => {
    const seen = new Set<string>();
    variables.forEach((variable, index) => {
      if (seen.has(variable.name)) {
        ctx.addIssue({ code: "custom", path: [index, "name"], message: `Variable "${variable.name}" is declared twice` });
      }
      seen.add(variable.name);
      const problem = defaultValueProblem(variable);
      if (problem) ctx.addIssue({ code: "custom", path: [index, "defaultValue"], message: problem });
    });
  });

export const previewArgsSchema = z.record(z.string(), z.string().max(2000, "Preview values must be at most 2000 characters"));

export const createComponentInput = z.object({
  name: componentNameSchema,
  type: componentTypeSchema,
  contentType: componentContentTypeSchema,
  content: componentContentSchema,
  variables: componentVariablesSchema.default([]),
});
export type CreateComponentInput = z.input<typeof createComponentInput>;

export const updateComponentInput = z.object({
  id: z.uuid(),
  name: componentNameSchema.optional(),
  type: componentTypeSchema.optional(),
  contentType: componentContentTypeSchema.optional(),
  content: componentContentSchema.optional(),
  variables: componentVariablesSchema.optional(),
});
export type UpdateComponentInput = z.input<typeof updateComponentInput>;

export const previewComponentInput = z.object({ id: z.uuid(), args: previewArgsSchema.optional() });
export type PreviewComponentInput = z.input<typeof previewComponentInput>;

/** Unsaved content from the component editor; with `id` it stands in for that saved component during the preview. */
export const previewComponentSourceInput = z.object({
  id: z.uuid().optional(),
  name: componentNameSchema.optional(),
  contentType: componentContentTypeSchema,
  content: componentContentSchema,
  variables: componentVariablesSchema.default([]),
  args: previewArgsSchema.optional(),
});
export type PreviewComponentSourceInput = z.input<typeof previewComponentSourceInput>;
