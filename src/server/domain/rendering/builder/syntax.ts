/**
 * The small text syntax the block builder accepts, shared by the document validator and the MJML compiler:
 * plain text where `{{ … }}` Handlebars expressions stay live, plus (in text blocks only) `**bold**` and
 * `[label](url)` links. Everything else is literal text that the compiler escapes.
 */

const VARIABLE_PATH = "[A-Za-z_@][A-Za-z0-9_@.-]*";
const SIMPLE_VARIABLE = new RegExp(`^\\{\\{\\s*${VARIABLE_PATH}\\s*\\}\\}$`);
const RAW_VARIABLE = new RegExp(`^\\{\\{\\{\\s*${VARIABLE_PATH}\\s*\\}\\}\\}$`);
const EMBEDDED_VARIABLE = new RegExp(`\\{\\{\\s*${VARIABLE_PATH}\\s*\\}\\}`, "g");
const HTTP_URL = /^https?:\/\/[^/?#\s]/i;
const URL_FORBIDDEN = /[\s<>"'`{}\\]/;
const BLOCK_HELPER = /^([#/])([A-Za-z_][A-Za-z0-9_-]*)(\s[^{}<>]*)?$/;
const EXPRESSION = /^[A-Za-z_@][^{}<>]*$/;
const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;
const PLACEHOLDER = /\u0000(\d+)\u0000/g;

export type MustacheContext = "text" | "attribute";

export type InlineNode =
  | { kind: "text"; value: string }
  | { kind: "variable"; raw: string }
  | { kind: "bold"; children: InlineNode[] }
  | { kind: "link"; url: string; children: InlineNode[] };

interface Scan {
  /** Literal runs and `{{ … }}` expressions, in order. */
  parts: Array<{ kind: "text"; value: string } | { kind: "variable"; raw: string }>;
  problems: string[];
}

function classify(raw: string, body: string, context: MustacheContext, stack: string[], problems: string[]): void {
  if (raw.startsWith("{{{")) {
    problems.push(`raw output ${raw} is not allowed here; write {{${body}}} instead`);
    return;
  }
  if (context === "attribute") {
    if (!SIMPLE_VARIABLE.test(raw)) problems.push(`${raw} must be a plain variable such as {{firstName}}`);
    return;
  }
  if (body === "else") {
    if (stack.length === 0) problems.push("{{else}} is outside an {{#if}} or {{#each}} block");
    return;
  }
  const block = BLOCK_HELPER.exec(body);
  if (block) {
    const [, marker, name] = block;
    if (marker === "#") {
      stack.push(name ?? "");
    } else if (stack.at(-1) === name) {
      stack.pop();
    } else {
      problems.push(`{{/${name}}} does not close an open {{#${name}}} block`);
    }
    return;
  }
  if (!EXPRESSION.test(body)) {
    problems.push(`${raw} is not a variable; partials, comments and raw blocks are not allowed (use a component block)`);
  }
}

/** Splits text into literal runs and Handlebars expressions, reporting expressions the builder does not allow. */
export function scanMustaches(text: string, context: MustacheContext): Scan {
  const parts: Scan["parts"] = [];
  const problems: string[] = [];
  const stack: string[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{{", position);
    if (open === -1) break;
    const triple = text.startsWith("{{{", open);
    const closer = triple ? "}}}" : "}}";
    const close = text.indexOf(closer, open + closer.length);
    if (close === -1) {
      problems.push(`${text.slice(open, open + 20)}… is not closed with ${closer}`);
      break;
    }
    if (open > position) parts.push({ kind: "text", value: text.slice(position, open) });
    const raw = text.slice(open, close + closer.length);
    classify(raw, raw.slice(closer.length, -closer.length).trim(), context, stack, problems);
    parts.push({ kind: "variable", raw });
    position = close + closer.length;
  }
  if (position < text.length) parts.push({ kind: "text", value: text.slice(position) });
  for (const name of stack) problems.push(`{{#${name}}} is not closed with {{/${name}}}`);
  return { parts, problems };
}

/** True for exactly one `{{{variable}}}` (raw output), which is allowed as a whole URL or component argument. */
export function isRawVariable(value: string): boolean {
  return RAW_VARIABLE.test(value);
}

/** True for `https://…` / `http://…` (which may embed `{{variables}}`) or a single `{{variable}}` / `{{{variable}}}`. */
export function isUrlOrVariable(value: string): boolean {
  if (SIMPLE_VARIABLE.test(value) || RAW_VARIABLE.test(value)) return true;
  if (!HTTP_URL.test(value)) return false;
  return !URL_FORBIDDEN.test(value.replace(EMBEDDED_VARIABLE, "x"));
}

function restore(text: string, variables: string[]): string {
  return text.replace(PLACEHOLDER, (_, index: string) => variables[Number(index)] ?? "");
}

function toNodes(text: string, variables: string[]): InlineNode[] {
  const nodes: InlineNode[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) nodes.push({ kind: "text", value: text.slice(last, match.index) });
    nodes.push({ kind: "variable", raw: variables[Number(match[1])] ?? "" });
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push({ kind: "text", value: text.slice(last) });
  return nodes;
}

function parseBold(text: string, variables: string[]): InlineNode[] {
  const pieces = text.split("**");
  // An odd number of markers leaves the last one unpaired: it stays literal text.
  const paired = pieces.length % 2 === 1 ? pieces : [...pieces.slice(0, -2), `${pieces.at(-2)}**${pieces.at(-1)}`];
  return paired.flatMap((piece, index) =>
    index % 2 === 1 ? [{ kind: "bold", children: toNodes(piece, variables) } as const] : toNodes(piece, variables),
  );
}

/**
 * Parses builder text into inline nodes. `markup` enables `**bold**` and `[label](url)`; without it everything but
 * the `{{ … }}` expressions is literal. Expects text that {@link scanMustaches} accepted.
 */
export function parseInline(text: string, markup: boolean): InlineNode[] {
  const clean = text.replace(/\r\n?/g, "\n").replaceAll("\u0000", "");
  const variables: string[] = [];
  const withPlaceholders = scanMustaches(clean, "text")
    .parts.map((part) => {
      if (part.kind === "text") return part.value;
      variables.push(part.raw);
      return `\u0000${variables.length - 1}\u0000`;
    })
    .join("");
  if (!markup) return toNodes(withPlaceholders, variables);
  const nodes: InlineNode[] = [];
  let last = 0;
  for (const match of withPlaceholders.matchAll(LINK)) {
    nodes.push(...parseBold(withPlaceholders.slice(last, match.index), variables));
    nodes.push({ kind: "link", url: restore(match[2] ?? "", variables), children: parseBold(match[1] ?? "", variables) });
    last = match.index + match[0].length;
  }
  nodes.push(...parseBold(withPlaceholders.slice(last), variables));
  return nodes;
}

/** The link targets written in a text block, for validation. */
export function linkTargets(text: string): string[] {
  return parseInline(text, true).flatMap((node) => (node.kind === "link" ? [node.url] : []));
}
