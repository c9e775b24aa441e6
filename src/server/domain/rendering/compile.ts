import juice from "juice";
import mjml2html from "mjml";
import { ZodError } from "zod";
import { builderToMjml } from "./builder/to-mjml";
import { compileCounters } from "./counters";
import { TemplateCompileError } from "./errors";
import { HandlebarsSyntaxError, parseHandlebars, type Program } from "./handlebars-ast";
import { createHandlebarsEnvironment, KNOWN_HELPERS, TEMPLATE_HELPERS } from "./helpers";
import { escapeTemplateText, expandPartials, type LineOrigin } from "./partials";
import { wrapStrayHandlebars } from "./mjml-handlebars";
import { generateTextPart } from "./text-part";
import type { ComponentSource, CompiledTemplate, TemplateProblem, TemplateSource } from "./types";
import { analyzeProgram } from "./variables";

const HIDDEN_PREVIEW_STYLE =
  "display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all;";

const compileCheckEnvironment = createHandlebarsEnvironment();

/**
 * Compiles a template version once: components expanded, MJML turned into HTML (or HTML's CSS inlined), the preheader
 * injected as hidden preview text and the text part generated. The result is still Handlebars — only the
 * recipient-dependent parts remain — and is what `prepareTemplate` precompiles for the per-recipient render.
 * Throws TemplateCompileError listing every problem, with lines in the body the author wrote where known.
 */
export async function compileTemplate(source: TemplateSource, components: ComponentSource[]): Promise<CompiledTemplate> {
  const problems: TemplateProblem[] = [];
  checkFragment(source.subject, "The subject", problems);
  checkFragment(source.preheader, "The preheader", problems);
  const bodyText = source.bodyText?.trim() ? source.bodyText : undefined;
  if (bodyText !== undefined) checkFragment(bodyText, "The text version", problems);

  const body = authorBody(source, problems);
  if (body === undefined || problems.length > 0) throw new TemplateCompileError(problems);

  const documentType = source.authoringMode === "HTML" ? "HTML" : "MJML";
  const expanded = expandPartials(body, components, documentType);
  problems.push(...expanded.problems);
  if (problems.length === 0) checkHelpers(expanded.text, expanded.lineOrigins, problems);
  if (problems.length > 0) throw new TemplateCompileError(hideBuilderLines(source, problems));

  const preheader = source.preheader.replace(/\s*[\r\n]+\s*/g, " ").trim();
  const html =
    documentType === "MJML"
      ? await compileMjml(expanded.text, expanded.lineOrigins, preheader, problems)
      : inlineHtml(expanded.text, preheader);
  if (html === undefined || problems.length > 0) throw new TemplateCompileError(hideBuilderLines(source, problems));

  const text = bodyText ?? generateTextPart(html);
  if (text === undefined) {
    throw new TemplateCompileError([
      { message: "The text version could not be generated from the HTML (a {{#block}} opens inside a tag attribute); write the text version yourself." },
    ]);
  }

  const subject = source.subject.trim();
  const compiled = { subject, html, text };
  for (const [part, value] of Object.entries(compiled)) {
    try {
      compileCheckEnvironment.precompile(value, { knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    } catch (error) {
      problems.push({ message: `The compiled ${part} is not valid Handlebars: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (problems.length > 0) throw new TemplateCompileError(problems);

  const variables = new Set<string>();
  for (const value of Object.values(compiled)) for (const name of analyzeProgram(parseHandlebars(value)).variables) variables.add(name);
  return { ...compiled, variables: [...variables].sort() };
}

function authorBody(source: TemplateSource, problems: TemplateProblem[]): string | undefined {
  switch (source.authoringMode) {
    case "MJML":
      if (!source.bodyMjml?.trim()) problems.push({ message: "The MJML body is empty." });
      return source.bodyMjml ?? undefined;
    case "HTML":
      if (!source.bodyHtml?.trim()) problems.push({ message: "The HTML body is empty." });
      return source.bodyHtml ?? undefined;
    case "BUILDER":
      try {
        return builderToMjml(source.builderJson);
      } catch (error) {
        problems.push(...builderProblems(error));
        return undefined;
      }
  }
}

function builderProblems(error: unknown): TemplateProblem[] {
  if (error instanceof TemplateCompileError) return error.problems.map(({ message }) => ({ message }));
  if (error instanceof ZodError) {
    return error.issues.map((issue) => ({
      message: `The block document is invalid at ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    }));
  }
  if (error instanceof Error) return [{ message: `The block document is invalid: ${error.message}` }];
  throw error;
}

/** The builder generates the MJML, so its line numbers mean nothing to the author. */
function hideBuilderLines(source: TemplateSource, problems: TemplateProblem[]): TemplateProblem[] {
  return source.authoringMode === "BUILDER" ? problems.map(({ message }) => ({ message })) : problems;
}

/** Subject, preheader and text version: valid Handlebars, no components, only known helpers. */
function checkFragment(value: string, label: string, problems: TemplateProblem[]): void {
  let program: Program;
  try {
    program = parseHandlebars(value);
  } catch (error) {
    if (!(error instanceof HandlebarsSyntaxError)) throw error;
    problems.push({ message: `${label}: ${error.message}${error.line !== undefined ? ` (line ${error.line})` : ""}` });
    return;
  }
  const analysis = analyzeProgram(program);
  for (const name of analysis.partials) problems.push({ message: `${label} cannot use components ({{> ${name}}}); use them in the body.` });
  for (const [name] of analysis.unknownHelpers) problems.push({ message: `${label}: ${unknownHelperMessage(name)}` });
}

function unknownHelperMessage(name: string): string {
  return `Unknown helper "${name}". Available helpers: ${TEMPLATE_HELPERS.map((h) => h.name).join(", ")}, and Handlebars' if, unless, each, with, lookup.`;
}

function checkHelpers(expanded: string, origins: LineOrigin[], problems: TemplateProblem[]): void {
  let program: Program;
  try {
    program = parseHandlebars(expanded);
  } catch (error) {
    if (!(error instanceof HandlebarsSyntaxError)) throw error;
    problems.push(located(origins, error.line, error.message));
    return;
  }
  for (const [name, line] of analyzeProgram(program).unknownHelpers) problems.push(located(origins, line, unknownHelperMessage(name)));
}

function located(origins: LineOrigin[], line: number | undefined, message: string): TemplateProblem {
  const origin = line === undefined ? undefined : origins[line - 1];
  if (!origin) return { message };
  if (origin.components.length === 0) return { message, line: origin.line };
  return { message: `In component ${origin.components.map((c) => `"${c}"`).join(" → ")}: ${message}`, line: origin.line };
}

/**
 * Accepts a full `<mjml>` document or one that starts at `<mj-body>` (the design document's form). Every insertion
 * stays on an existing line so mjml's line numbers still index the expanded body's lines.
 */
async function compileMjml(
  expanded: string,
  origins: LineOrigin[],
  preheader: string,
  problems: TemplateProblem[],
): Promise<string | undefined> {
  let document = expanded;
  if (!/<mjml[\s>]/i.test(document)) {
    if (!/<mj-body[\s>]/i.test(document)) {
      problems.push({ message: "The MJML body must be an <mjml> document or start with <mj-body>." });
      return undefined;
    }
    document = `<mjml>${document}</mjml>`;
  }
  if (preheader !== "" && !/<mj-preview[\s>]/i.test(document)) {
    const preview = `<mj-preview>${escapeTemplateText(preheader)}</mj-preview>`;
    document = /<mj-head[\s>]/i.test(document)
      ? document.replace(/<mj-head(\s[^>]*)?>/i, (tag) => `${tag}${preview}`)
      : document.replace(/<mjml(\s[^>]*)?>/i, (tag) => `${tag}<mj-head>${preview}</mj-head>`);
  }

  if (/<mj-include[\s>/]/i.test(document)) {
    problems.push(located(origins, lineAt(document, document.search(/<mj-include[\s>/]/i)), "<mj-include> is not supported; use a component ({{> name}})."));
    return undefined;
  }
  document = wrapStrayHandlebars(document, parseHandlebars(document));

  compileCounters.mjml++;
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(document, { validationLevel: "soft", ignoreIncludes: true, keepComments: false });
  } catch (error) {
    problems.push({ message: `MJML could not be compiled: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
  for (const error of result.errors) {
    if (error.message.includes("{{")) {
      // A recipient variable in a colour attribute is copied into the CSS as is and filled per recipient; in a
      // size attribute MJML would drop it silently, so that stays an error.
      if (/for type Color/.test(error.message)) continue;
      problems.push(located(origins, error.line, `${error.message.trim()} (variables cannot be used in size attributes)`));
      continue;
    }
    problems.push(located(origins, error.line, error.message.trim()));
  }
  return result.html;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function inlineHtml(expanded: string, preheader: string): string {
  const preview = preheader === "" ? "" : `<div style="${HIDDEN_PREVIEW_STYLE}">${escapeTemplateText(preheader)}</div>`;
  const html = /<body(\s[^>]*)?>/i.test(expanded)
    ? expanded.replace(/<body(\s[^>]*)?>/i, (tag) => `${tag}${preview}`)
    : `${preview}${expanded}`;
  compileCounters.juice++;
  return juice(html, { preserveImportant: true });
}
