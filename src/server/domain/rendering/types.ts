import type { ComponentVariable } from "@/server/db/schema";

export type AuthoringMode = "MJML" | "HTML" | "BUILDER";

/** What a template version's author wrote. Exactly one body is used, chosen by the authoring mode. */
export interface TemplateSource {
  authoringMode: AuthoringMode;
  subject: string;
  preheader: string;
  bodyMjml?: string | null;
  bodyHtml?: string | null;
  bodyText?: string | null;
  /** BUILDER mode: the block document (validated by the builder's own schema). */
  builderJson?: unknown;
}

/** A library component as the engine sees it: a Handlebars partial named `name`. */
export interface ComponentSource {
  name: string;
  contentType: "MJML" | "HTML";
  content: string;
  variables: ComponentVariable[];
}

/**
 * The recipient-independent result of compiling a version once: partials expanded, MJML turned into HTML, CSS
 * inlined. These are Handlebars sources; per recipient only their precompiled render runs.
 */
export interface CompiledTemplate {
  subject: string;
  html: string;
  text: string;
  /** Top-level variables the compiled version reads (e.g. firstName, ctaUrl), sorted. */
  variables: string[];
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Variables the template uses that the data did not provide. */
  missingVariables: string[];
}

/** One problem found while compiling; `line` is 1-based in the body the author wrote, when known. */
export interface TemplateProblem {
  message: string;
  line?: number;
}
