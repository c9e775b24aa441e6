import { z } from "zod";
import { isRawVariable, isUrlOrVariable, linkTargets, scanMustaches, type MustacheContext } from "./syntax";

/**
 * The block builder's document (authoring mode BUILDER), stored as `template_versions.builderJson` and compiled to
 * MJML by `builderToMjml`. Pure: imported by the rendering engine and by the builder UI.
 */

export const BLOCK_TYPES = ["text", "heading", "button", "image", "spacer", "divider", "component"] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

export const ALIGNMENTS = ["left", "center", "right"] as const;
export const COMPONENT_PLACEMENTS = ["column", "section"] as const;
export const MIN_WIDTH = 480;
export const MAX_WIDTH = 800;
export const MAX_SECTIONS = 50;
export const MAX_BLOCKS_PER_COLUMN = 50;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, - or _");
const colorSchema = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "must be a colour such as #1a2b3c or #abc");
const urlSchema = z.string().refine(isUrlOrVariable, "must be an https URL or a variable");
const alignSchema = z.enum(ALIGNMENTS, { error: "must be left, center or right" });

function pixels(min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/**
 * Text where `{{ … }}` expressions stay Handlebars; `markup` also checks `[label](url)` link targets; `rawVariable`
 * accepts a value that is exactly one `{{{variable}}}`.
 */
function templateText(context: MustacheContext, max: number, options: { markup?: boolean; required?: boolean; rawVariable?: boolean } = {}) {
  return z
    .string({ error: "must be text" })
    .min(options.required ? 1 : 0, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, ctx) => {
      if (options.rawVariable && isRawVariable(value)) return;
      for (const message of scanMustaches(value, context).problems) ctx.addIssue({ code: "custom", message });
      if (!options.markup) return;
      for (const url of linkTargets(value)) {
        if (!isUrlOrVariable(url)) ctx.addIssue({ code: "custom", message: `link ${url} must be an https URL or a variable` });
      }
    });
}

const paddingSchema = z.object({
  top: pixels(0, 200),
  right: pixels(0, 200),
  bottom: pixels(0, 200),
  left: pixels(0, 200),
});

const textBlockSchema = z.object({
  id: idSchema,
  type: z.literal("text"),
  content: templateText("text", 10_000, { markup: true }),
  fontSize: pixels(10, 48),
  align: alignSchema,
  padding: paddingSchema,
});

const headingBlockSchema = z.object({
  id: idSchema,
  type: z.literal("heading"),
  content: templateText("text", 500, { required: true }),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "must be 1, 2 or 3" }),
  align: alignSchema,
  padding: paddingSchema,
});

const buttonBlockSchema = z.object({
  id: idSchema,
  type: z.literal("button"),
  text: templateText("text", 200, { required: true }),
  url: urlSchema,
  align: alignSchema,
  padding: paddingSchema,
  /** Overrides of the global button colours. */
  backgroundColor: colorSchema.optional(),
  textColor: colorSchema.optional(),
});

const imageBlockSchema = z.object({
  id: idSchema,
  type: z.literal("image"),
  src: urlSchema,
  alt: templateText("attribute", 500),
  width: pixels(20, MAX_WIDTH).optional(),
  href: urlSchema.optional(),
  align: alignSchema,
  padding: paddingSchema,
});

const spacerBlockSchema = z.object({
  id: idSchema,
  type: z.literal("spacer"),
  height: pixels(1, 400),
});

const dividerBlockSchema = z.object({
  id: idSchema,
  type: z.literal("divider"),
  color: colorSchema,
  thickness: pixels(1, 10),
  padding: paddingSchema,
});

const componentArgValue = templateText("text", 2_000, { rawVariable: true }).refine(
  (value) => !value.endsWith("\\"),
  "must not end with a backslash",
);

const componentBlockSchema = z.object({
  id: idSchema,
  type: z.literal("component"),
  /** The library component's partial name. */
  name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$/, "must be the name of a library component"),
  /** Hash arguments: override the component's variable defaults; values may hold `{{variables}}`. */
  args: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/), componentArgValue, {
    error: (issue) => (issue.code === "invalid_key" ? "is not a valid argument name (letters, digits, _ and -)" : undefined),
  }),
  /**
   * `column`: the component is column content (a button, a snippet). `section`: it renders whole `<mj-section>`s
   * (a header, a footer), so it must sit alone in a one-column section, which it replaces.
   */
  placement: z.enum(COMPONENT_PLACEMENTS, { error: "must be column or section" }),
});

export const builderBlockSchema = z.discriminatedUnion(
  "type",
  [textBlockSchema, headingBlockSchema, buttonBlockSchema, imageBlockSchema, spacerBlockSchema, dividerBlockSchema, componentBlockSchema],
  { error: `must be one of ${BLOCK_TYPES.join(", ")}` },
);

export const builderSectionSchema = z
  .object({
    id: idSchema,
    columns: z.union([z.literal(1), z.literal(2)], { error: "must be 1 or 2" }),
    backgroundColor: colorSchema.optional(),
    padding: paddingSchema,
    /** One list of blocks per column. */
    blocks: z.array(z.array(builderBlockSchema).max(MAX_BLOCKS_PER_COLUMN, `must hold at most ${MAX_BLOCKS_PER_COLUMN} blocks per column`)),
  })
  .superRefine((section, ctx) => {
    if (section.blocks.length !== section.columns) {
      ctx.addIssue({ code: "custom", path: ["blocks"], message: `must have one list of blocks per column (${section.columns})` });
    }
  });

export const globalStylesSchema = z.object({
  fontFamily: z
    .string()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters")
    .regex(/^[A-Za-z0-9 ,'-]+$/, "must be font names separated by commas (letters, digits, spaces, ' and -)"),
  textColor: colorSchema,
  backgroundColor: colorSchema,
  contentBackgroundColor: colorSchema,
  linkColor: colorSchema,
  buttonColor: colorSchema,
  buttonTextColor: colorSchema,
  width: pixels(MIN_WIDTH, MAX_WIDTH),
});

export const builderDocumentSchema = z
  .object({
    version: z.literal(1, { error: "must be 1" }),
    globalStyles: globalStylesSchema,
    sections: z.array(builderSectionSchema).max(MAX_SECTIONS, `must be at most ${MAX_SECTIONS}`),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.sections.forEach((section, s) => {
      if (seen.has(section.id)) ctx.addIssue({ code: "custom", path: ["sections", s, "id"], message: `must be unique (${section.id} is used twice)` });
      seen.add(section.id);
      section.blocks.forEach((column, c) =>
        column.forEach((block, b) => {
          const path = ["sections", s, "blocks", c, b];
          if (seen.has(block.id)) ctx.addIssue({ code: "custom", path: [...path, "id"], message: `must be unique (${block.id} is used twice)` });
          seen.add(block.id);
          const alone = section.columns === 1 && column.length === 1;
          if (block.type === "component" && block.placement === "section" && !alone) {
            ctx.addIssue({
              code: "custom",
              path: [...path, "placement"],
              message: "must be column unless the component is the only block of a one-column section",
            });
          }
        }),
      );
    });
  });

export type BuilderDocument = z.infer<typeof builderDocumentSchema>;
export type BuilderSection = z.infer<typeof builderSectionSchema>;
export type BuilderBlock = z.infer<typeof builderBlockSchema>;
export type BlockOf<T extends BlockType> = Extract<BuilderBlock, { type: T }>;
export type GlobalStyles = z.infer<typeof globalStylesSchema>;
export type Padding = z.infer<typeof paddingSchema>;
export type Alignment = (typeof ALIGNMENTS)[number];
export type ComponentPlacement = (typeof COMPONENT_PLACEMENTS)[number];

/** One problem in a builder document, located for people ("Section 2, column 1, block 3 (button)") and for the UI. */
export interface BuilderProblem {
  /** Where the problem is: the document itself, its global styles, a section, or a block. */
  area: "document" | "globalStyles" | "section" | "block";
  message: string;
  /** The message without its location, for showing beside the field ("must be an https URL or a variable"). */
  detail: string;
  sectionId?: string;
  blockId?: string;
  /** Dotted field path inside the block, section or global styles, e.g. `url`, `padding.top`. */
  field?: string;
}

export type BuilderValidation = { success: true; document: BuilderDocument } | { success: false; problems: BuilderProblem[] };

function child(value: unknown, key: PropertyKey): unknown {
  return typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
}

function idOf(value: unknown): string | undefined {
  const id = child(value, "id");
  return typeof id === "string" ? id : undefined;
}

function describe(field: string, message: string): string {
  if (!field) return message;
  return /^(must|is|has) /.test(message) ? `${field} ${message}` : `${field}: ${message}`;
}

function locate(issue: z.core.$ZodIssue, input: unknown): BuilderProblem {
  const path = issue.path;
  const [root, s, inSection, c, b] = path;
  if (root === "globalStyles") {
    const field = path.slice(1).join(".");
    return { area: "globalStyles", message: `Global styles: ${describe(field, issue.message)}`, detail: issue.message, field };
  }
  if (root === "sections" && typeof s === "number") {
    const section = child(child(input, "sections"), s);
    if (inSection === "blocks" && typeof c === "number" && typeof b === "number") {
      const block = child(child(child(section, "blocks"), c), b);
      const type = child(block, "type");
      const field = path.slice(5).join(".");
      const where = `Section ${s + 1}, column ${c + 1}, block ${b + 1}${typeof type === "string" ? ` (${type})` : ""}`;
      return {
        area: "block",
        message: `${where}: ${describe(field || "block", issue.message)}`,
        detail: issue.message,
        sectionId: idOf(section),
        blockId: idOf(block),
        field,
      };
    }
    const field = path.slice(2).join(".");
    return { area: "section", message: `Section ${s + 1}: ${describe(field || "section", issue.message)}`, detail: issue.message, sectionId: idOf(section), field };
  }
  const field = path.join(".");
  return { area: "document", message: `Document: ${describe(field, issue.message)}`, detail: issue.message, field };
}

/** Validates a stored or edited document; every problem names where it is (section, column, block, field). */
export function validateBuilderDocument(input: unknown): BuilderValidation {
  const result = builderDocumentSchema.safeParse(input);
  if (result.success) return { success: true, document: result.data };
  return { success: false, problems: result.error.issues.map((issue) => locate(issue, input)) };
}

export const defaultGlobalStyles = (): GlobalStyles => ({
  fontFamily: "Helvetica, Arial, sans-serif",
  textColor: "#1f2937",
  backgroundColor: "#f3f4f6",
  contentBackgroundColor: "#ffffff",
  linkColor: "#2563eb",
  buttonColor: "#2563eb",
  buttonTextColor: "#ffffff",
  width: 600,
});

export const emptyBuilderDocument = (): BuilderDocument => ({ version: 1, globalStyles: defaultGlobalStyles(), sections: [] });

/** A fresh id for a section or block; unique enough for one document (ids are checked for uniqueness anyway). */
export function newBuilderId(prefix: "section" | "block"): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

const defaultPadding = (): Padding => ({ top: 10, right: 25, bottom: 10, left: 25 });

/** Header and footer components render whole sections; the rest is column content. */
export function placementForComponentType(componentType: string): ComponentPlacement {
  return componentType === "HEADER" || componentType === "FOOTER" ? "section" : "column";
}

/** A new block of the given type with sensible defaults (a component block still needs its `name`). */
export function defaultBlock<T extends BlockType>(type: T, id: string = newBuilderId("block")): BlockOf<T> {
  const blocks: { [K in BlockType]: BlockOf<K> } = {
    text: { id, type: "text", content: "Hello {{first_name}},\nwrite your message here.", fontSize: 16, align: "left", padding: defaultPadding() },
    heading: { id, type: "heading", content: "Your heading", level: 1, align: "left", padding: defaultPadding() },
    button: { id, type: "button", text: "Learn more", url: "https://example.com", align: "center", padding: defaultPadding() },
    image: { id, type: "image", src: "https://example.com/image.png", alt: "", align: "center", padding: defaultPadding() },
    spacer: { id, type: "spacer", height: 20 },
    divider: { id, type: "divider", color: "#e5e7eb", thickness: 1, padding: defaultPadding() },
    component: { id, type: "component", name: "", args: {}, placement: "column" },
  };
  return blocks[type];
}

/** A block that calls the library component `name` (whose type decides where it can sit). */
export function defaultComponentBlock(name: string, componentType: string, id: string = newBuilderId("block")): BlockOf<"component"> {
  return { ...defaultBlock("component", id), name, placement: placementForComponentType(componentType) };
}

export function defaultSection(columns: 1 | 2, id: string = newBuilderId("section")): BuilderSection {
  return { id, columns, padding: { top: 20, right: 0, bottom: 20, left: 0 }, blocks: columns === 1 ? [[]] : [[], []] };
}
