export const TEMPLATE_CATEGORIES = ["MARKETING", "TRANSACTIONAL"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const AUTHORING_MODES = ["MJML", "HTML", "BUILDER"] as const;
export type AuthoringMode = (typeof AUTHORING_MODES)[number];

export const categoryLabel: Record<TemplateCategory, string> = { MARKETING: "Marketing", TRANSACTIONAL: "Transactional" };
export const authoringModeLabel: Record<AuthoringMode, string> = { MJML: "MJML", HTML: "HTML", BUILDER: "Builder" };

const KEY_MAX_LENGTH = 80;

/**
 * A template key from a display name: lower-case ASCII words joined by hyphens ("Welcome — Spring Sale!" becomes
 * "welcome-spring-sale"). Accents are folded so "Café" keeps its letters instead of losing them.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, KEY_MAX_LENGTH)
    .replace(/-+$/, "");
}

const MJML_BODY_LINES = [
  "      <mj-text>",
  "        <h1>Hi {{default first_name \"there\"}},</h1>",
  "        <p>Write your message here. Every column of the segment is a variable, e.g. {{email}}.</p>",
  "      </mj-text>",
];

/** The first draft's body for a new template, so the preview shows something from the start. */
export function starterMjml(componentNames: readonly string[]): string {
  const has = (name: string) => componentNames.includes(name);
  return [
    "<mjml>",
    "  <mj-body>",
    ...(has("header") ? ["    {{> header}}"] : []),
    "    <mj-section>",
    "      <mj-column>",
    ...MJML_BODY_LINES,
    "      </mj-column>",
    "    </mj-section>",
    ...(has("footer") ? ["    {{> footer}}"] : []),
    "  </mj-body>",
    "</mjml>",
    "",
  ].join("\n");
}

export function starterHtml(): string {
  return [
    "<!doctype html>",
    "<html>",
    "  <head>",
    '    <meta charset="utf-8">',
    "    <style>",
    "      body { font-family: Arial, sans-serif; color: #1f2937; }",
    "    </style>",
    "  </head>",
    "  <body>",
    '    <h1>Hi {{default first_name "there"}},</h1>',
    "    <p>Write your message here. Every column of the segment is a variable, e.g. {{email}}.</p>",
    "  </body>",
    "</html>",
    "",
  ].join("\n");
}

export const STARTER_SUBJECT = "Hello {{default first_name \"there\"}}";

export interface TemplateFormValues {
  name: string;
  key: string;
  /** True once the author typed a key of their own; the key then stops following the name. */
  keyEdited: boolean;
  category: TemplateCategory;
  authoringMode: AuthoringMode;
}

export const emptyTemplateForm = (): TemplateFormValues => ({ name: "", key: "", keyEdited: false, category: "MARKETING", authoringMode: "MJML" });

/** Applies a name change: the key follows the name until the author edits the key. */
export function withName(values: TemplateFormValues, name: string): TemplateFormValues {
  return { ...values, name, key: values.keyEdited ? values.key : slugify(name) };
}

/** Applies a key change; clearing the key hands it back to the name. */
export function withKey(values: TemplateFormValues, key: string): TemplateFormValues {
  return key === "" ? { ...values, key: slugify(values.name), keyEdited: false } : { ...values, key, keyEdited: true };
}

export interface VersionLike {
  version: number;
  publishedAt: Date | null;
  active: boolean;
}

/** "v3" for the active published version, "Draft only" while nothing was published. */
export function activeVersionLabel(activeVersion: number | null | undefined): string {
  return activeVersion ? `v${activeVersion}` : "Draft only";
}

/** How a version reads in the version selector: "Published v3 · active", "Published v2", "Draft v4". */
export function versionLabel(version: VersionLike): string {
  if (!version.publishedAt) return `Draft v${version.version}`;
  return `Published v${version.version}${version.active ? " · active" : ""}`;
}

/** The version the editor opens: the newest draft, else the active one, else the newest. */
export function defaultVersion<T extends VersionLike>(versions: readonly T[]): T | undefined {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return newestFirst.find((v) => !v.publishedAt) ?? newestFirst.find((v) => v.active) ?? newestFirst[0];
}

/** What the editor holds for one version; only the body of the version's authoring mode is used. */
export interface EditorValues {
  subject: string;
  preheader: string;
  /** MJML or HTML source, by mode. */
  body: string;
  /** Optional hand-written text part; empty means "generated from the HTML". */
  bodyText: string;
  builderJson: unknown;
}

export interface StoredVersionContent {
  authoringMode: AuthoringMode;
  subject: string;
  preheader: string;
  bodyMjml: string | null;
  bodyHtml: string | null;
  bodyText: string | null;
  builderJson: unknown;
}

export function editorValues(version: StoredVersionContent): EditorValues {
  return {
    subject: version.subject,
    preheader: version.preheader,
    body: (version.authoringMode === "HTML" ? version.bodyHtml : version.bodyMjml) ?? "",
    bodyText: version.bodyText ?? "",
    builderJson: version.builderJson,
  };
}

export interface EditorSource {
  authoringMode: AuthoringMode;
  subject: string;
  preheader: string;
  bodyText: string;
  bodyMjml?: string;
  bodyHtml?: string;
  builderJson?: unknown;
}

/** The editor's content as the API takes it (preview, save, test send): only the mode's own body is sent. */
export function editorSource(mode: AuthoringMode, values: EditorValues): EditorSource {
  const common = { authoringMode: mode, subject: values.subject, preheader: values.preheader, bodyText: values.bodyText };
  if (mode === "MJML") return { ...common, bodyMjml: values.body };
  if (mode === "HTML") return { ...common, bodyHtml: values.body };
  return { ...common, builderJson: values.builderJson };
}

/** JSON text with object keys sorted, so documents compare equal whatever order their keys come back in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    typeof nested === "object" && nested !== null && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

/**
 * True when the editor holds what is stored; the server trims subject, preheader and a blank text part, and the
 * builder document comes back from jsonb with its keys reordered.
 */
export function sameContent(mode: AuthoringMode, values: EditorValues, stored: StoredVersionContent): boolean {
  const saved = editorValues(stored);
  return (
    values.subject.trim() === saved.subject &&
    values.preheader.trim() === saved.preheader &&
    values.bodyText.trim() === saved.bodyText.trim() &&
    (mode === "BUILDER" ? canonicalJson(values.builderJson) === canonicalJson(saved.builderJson) : values.body === saved.body)
  );
}
