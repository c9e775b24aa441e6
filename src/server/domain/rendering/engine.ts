import { randomUUID } from "node:crypto";
import { DomainError } from "@/server/lib/errors";
import { builderToMjml } from "./builder/to-mjml";
import { compileTemplate } from "./compile";
import { type ContentStatement, parseHandlebars, type Program, quoteLiteral, walkStatements } from "./handlebars-ast";
import { createHandlebarsEnvironment, KNOWN_HELPERS } from "./helpers";
import { expandPartials, partialNames } from "./partials";
import type { ComponentSource, CompiledTemplate, RenderedEmail, TemplateSource } from "./types";
import { analyzeProgram, listVariables, SYSTEM_VARIABLES } from "./variables";

/** A compiled version ready for the per-recipient loop: one precompiled Handlebars function, nothing else. */
export interface PreparedTemplate {
  variables: string[];
  render(data: Record<string, unknown>): RenderedEmail;
}

/** Isolated from the global Handlebars instance so nothing else can register helpers or partials into sends. */
const handlebars = createHandlebarsEnvironment();

const systemVariables = new Set(SYSTEM_VARIABLES);

/** What previews use for the system variables the send pipeline fills in for real sends. */
const PREVIEW_SYSTEM_VALUES: Record<string, string> = { unsubscribeUrl: "#unsubscribe" };

/**
 * Precompiles the three parts once. They are joined into ONE Handlebars program (subject, text and HTML separated
 * by an unguessable marker) so each recipient costs a single template call: Handlebars rebuilds its helper table on
 * every top-level call, which for a short subject costs more than the subject itself. The parts are parsed apart, so
 * whitespace control works exactly as if each were compiled on its own.
 */
export function prepareTemplate(compiled: CompiledTemplate): PreparedTemplate {
  const separator = `\u0000${randomUUID()}\u0000`;
  const marker = (): ContentStatement => ({ type: "ContentStatement", value: separator, original: separator, loc: NO_LOCATION });
  const program: Program = {
    type: "Program",
    // The HTML goes last so finding the two markers never scans it.
    body: [
      ...asPlainText(parseHandlebars(compiled.subject)).body,
      marker(),
      ...asPlainText(parseHandlebars(compiled.text)).body,
      marker(),
      ...parseHandlebars(compiled.html).body,
    ],
    loc: NO_LOCATION,
  };
  // The AST comes from Handlebars' own parser (plus two content nodes), never from user-built objects. Every helper
  // is known (compileTemplate refuses others), which lets Handlebars read plain variables without a helper lookup;
  // without @-variables the per-call data frame is skipped too.
  const template = handlebars.compile(program, {
    strict: false,
    noEscape: false,
    knownHelpers: KNOWN_HELPERS,
    knownHelpersOnly: true,
    data: analyzeProgram(program).usesData,
  });
  // Handlebars compiles lazily on the first call: pay that here, not on the first recipient.
  template({});

  const checked = compiled.variables.filter((name) => !systemVariables.has(name));
  const length = separator.length;
  return {
    variables: compiled.variables,
    render(data) {
      const missingVariables: string[] = [];
      for (const name of checked) {
        const value = Object.hasOwn(data, name) ? data[name] : undefined;
        if (value === undefined || value === null) missingVariables.push(name);
      }
      const out = template(data);
      const first = out.indexOf(separator);
      const second = out.indexOf(separator, first + length);
      const subject = out.slice(0, first);
      return {
        subject: /[\r\n]/.test(subject) ? subject.replace(/\s*[\r\n]+\s*/g, " ").trim() : subject,
        html: out.slice(second + length),
        text: out.slice(first + length, second),
        missingVariables,
      };
    },
  };
}

const NO_LOCATION = { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };

/** The subject and the text part are not HTML: "&" must reach the inbox as "&", not "&amp;". */
function asPlainText(program: Program): Program {
  for (const statement of walkStatements(program)) if (statement.type === "MustacheStatement") statement.escaped = false;
  return program;
}

export type RenderedPreview = RenderedEmail & {
  /** The preheader as the inbox line shows it. */
  preheader: string;
  variables: string[];
};

/** The editor's live preview: the same compile and render as a real send, plus the variables the version reads. */
export async function renderPreview(
  source: TemplateSource,
  components: ComponentSource[],
  data: Record<string, unknown>,
): Promise<RenderedPreview> {
  return renderCompiledPreview(await compileTemplate(source, components), source.preheader, data);
}

/** Preview of an already compiled (published, frozen) version; `variables` is recomputed when not stored. */
export function renderCompiledPreview(
  compiled: Pick<CompiledTemplate, "subject" | "html" | "text"> & { variables?: string[] },
  preheader: string,
  data: Record<string, unknown>,
): RenderedPreview {
  const full: CompiledTemplate = { ...compiled, variables: compiled.variables ?? listVariables(compiled) };
  const withSystem = { ...PREVIEW_SYSTEM_VALUES, ...data };
  const rendered = prepareTemplate(full).render(withSystem);
  const inboxLine = handlebars.compile(preheader, { strict: false, knownHelpers: KNOWN_HELPERS, noEscape: true })(withSystem);
  return { ...rendered, preheader: inboxLine.replace(/\s+/g, " ").trim(), variables: full.variables };
}

const SECTION_LEVEL = new Set(["mj-section", "mj-wrapper", "mj-hero", "mj-raw"]);
const COLUMN_LEVEL = new Set(["mj-column", "mj-group"]);

/**
 * A component rendered on its own (gallery, component editor): its defaults, overridden by `args`, in a minimal
 * document of its content type. Recipient variables it still reads are shown as `{{name}}`.
 */
export async function renderComponentPreview(
  component: ComponentSource,
  components: ComponentSource[],
  args: Record<string, string> = {},
): Promise<string> {
  const invalid = Object.keys(args).find((key) => !/^[A-Za-z_][\w-]*$/.test(key));
  if (invalid !== undefined) throw new DomainError("INVALID", `args: "${invalid}" is not a valid variable name.`);
  const library = [component, ...components.filter((c) => c.name !== component.name)];
  const hash = Object.entries(args)
    .map(([key, value]) => ` ${key}=${quoteLiteral(value)}`)
    .join("");
  const call = `{{> ${quoteLiteral(component.name)}${hash} }}`;

  let source: TemplateSource;
  if (component.contentType === "HTML") {
    source = { authoringMode: "HTML", subject: component.name, preheader: "", bodyHtml: call };
  } else {
    const expanded = expandPartials(call, library, "MJML").text;
    const root = /<(mj-[a-z-]+)/i.exec(expanded)?.[1]?.toLowerCase() ?? "";
    const body = SECTION_LEVEL.has(root)
      ? call
      : COLUMN_LEVEL.has(root)
        ? `<mj-section>${call}</mj-section>`
        : `<mj-section><mj-column>${call}</mj-column></mj-section>`;
    source = { authoringMode: "MJML", subject: component.name, preheader: "", bodyMjml: `<mjml><mj-body>${body}</mj-body></mjml>` };
  }
  const compiled = await compileTemplate(source, library);
  const placeholders = Object.fromEntries(compiled.variables.map((name) => [name, `{{${name}}}`]));
  return prepareTemplate(compiled).render(placeholders).html;
}

/**
 * The components a version (or a single Handlebars source) uses: directly, or also through other components when
 * the library is given. Sources that do not parse use none.
 */
export function listPartials(source: TemplateSource | string, components?: ComponentSource[]): string[] {
  const texts = typeof source === "string" ? [source] : sourceTexts(source);
  const found = new Set(texts.flatMap(partialNames));
  if (components) {
    const byName = new Map(components.map((c) => [c.name, c]));
    const queue = [...found];
    for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
      for (const nested of partialNames(byName.get(name)?.content ?? "")) {
        if (!found.has(nested)) {
          found.add(nested);
          queue.push(nested);
        }
      }
    }
  }
  return [...found].sort();
}

function sourceTexts(source: TemplateSource): string[] {
  const texts = [source.subject, source.preheader, source.bodyText ?? ""];
  if (source.authoringMode === "MJML") texts.push(source.bodyMjml ?? "");
  else if (source.authoringMode === "HTML") texts.push(source.bodyHtml ?? "");
  else {
    try {
      texts.push(builderToMjml(source.builderJson));
    } catch {
      // An invalid block document uses no components.
    }
  }
  return texts;
}
