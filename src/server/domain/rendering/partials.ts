import Handlebars from "handlebars";
import {
  applyEdits,
  type Edit,
  type Expression,
  HandlebarsSyntaxError,
  OffsetMap,
  parseHandlebars,
  type PartialStatement,
  type PathExpression,
  type Program,
  printCall,
  quoteLiteral,
  type Statement,
  walkStatements,
} from "./handlebars-ast";
import { MJML_ENDING_TAGS, openMjmlElements } from "./mjml-handlebars";
import type { ComponentSource, TemplateProblem } from "./types";

/*
 * Partial expansion, done once per template version at compile time. Each `{{> name key=value }}` is replaced by the
 * component's content in which the component's variables are substituted:
 * - a literal argument (or the variable's default value) becomes literal text, HTML-escaped where the component
 *   wrote `{{var}}` and raw where it wrote `{{{var}}}`;
 * - an argument that names a recipient variable (`url=ctaUrl`, `url=(default ctaUrl "#")`, or the design
 *   document's `url="{{{ctaUrl}}}"`) becomes a mustache that survives compilation, escaped or raw as the component
 *   wrote it (the component decides, so a `{{var}}` slot can never be turned into raw HTML by an argument);
 * - text mixing words and mustaches (`title="Hi {{firstName}}"`) is inlined with its words escaped as the slot requires.
 * Variables the component does not receive stay as they are and are read from the recipient's data.
 */

const MAX_DEPTH = 20;

/** Where a line of the expanded body came from: a line of the author's body, possibly inside components. */
export interface LineOrigin {
  line: number;
  components: string[];
}

export interface ExpandedBody {
  text: string;
  /** One entry per line of `text`. */
  lineOrigins: LineOrigin[];
  problems: TemplateProblem[];
}

type Arg =
  /** Fixed text; `expression` is its Handlebars literal form for parameter positions. */
  | { kind: "literal"; text: string; expression: string }
  /** A Handlebars expression evaluated per recipient (`ctaUrl`, `default ctaUrl "#"`). */
  | { kind: "expression"; expression: string; isPath: boolean }
  /** Text mixing words and mustaches. */
  | { kind: "template"; source: string };

interface Piece {
  text: string;
  line: number;
  /** Author text: each newline moves to the next author line. Component text: every line maps to the use site. */
  advance: boolean;
  components: string[];
}

interface Scope {
  chain: string[];
  /** Line of the top-level `{{> }}` in the author's body; undefined while expanding the author's body itself. */
  siteLine: number | undefined;
  /** MJML elements open where this source starts. */
  openElements: string[];
}

interface Context {
  documentType: "MJML" | "HTML";
  components: Map<string, ComponentSource>;
  problems: TemplateProblem[];
  parsed: Map<string, Program | HandlebarsSyntaxError>;
}

/** Expands every component used in the author's body (recursively) and maps each resulting line back to the author's. */
export function expandPartials(body: string, components: ComponentSource[], documentType: "MJML" | "HTML"): ExpandedBody {
  const context: Context = {
    documentType,
    components: new Map(components.map((c) => [c.name, c])),
    problems: [],
    parsed: new Map(),
  };
  const pieces = expandSource(body, { chain: [], siteLine: undefined, openElements: [] }, context);
  return { ...assemble(pieces), problems: context.problems };
}

/** The names of the partials used directly in a Handlebars source (unparseable sources use none). */
export function partialNames(source: string): string[] {
  let program: Program;
  try {
    program = parseHandlebars(source);
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const statement of walkStatements(program)) {
    if (statement.type === "PartialStatement" || statement.type === "PartialBlockStatement") {
      const name = staticPartialName(statement.name);
      if (name) names.add(name);
    }
  }
  return [...names];
}

function staticPartialName(node: PartialStatement["name"]): string | undefined {
  if (node.type === "PathExpression" && !node.data) return node.original;
  if (node.type === "StringLiteral") return node.value;
  return undefined;
}

function problemAt(scope: Scope, line: number | undefined, message: string): TemplateProblem {
  if (scope.siteLine === undefined) return line === undefined ? { message } : { message, line };
  const where = scope.chain.map((name) => `"${name}"`).join(" → ");
  const inner = line === undefined ? "" : ` line ${line}`;
  return { message: `In component ${where}${inner}: ${message}`, line: scope.siteLine };
}

function parseCached(source: string, context: Context): Program | HandlebarsSyntaxError {
  let parsed = context.parsed.get(source);
  if (!parsed) {
    try {
      parsed = parseHandlebars(source);
    } catch (error) {
      if (!(error instanceof HandlebarsSyntaxError)) throw error;
      parsed = error;
    }
    context.parsed.set(source, parsed);
  }
  return parsed;
}

function expandSource(source: string, scope: Scope, context: Context): Piece[] {
  const whole = (text: string): Piece[] =>
    scope.siteLine === undefined
      ? [{ text, line: 1, advance: true, components: [] }]
      : [{ text, line: scope.siteLine, advance: false, components: scope.chain }];

  const program = parseCached(source, context);
  if (program instanceof HandlebarsSyntaxError) {
    context.problems.push(problemAt(scope, program.line, program.message));
    return whole(source);
  }

  const partials: PartialStatement[] = [];
  for (const statement of walkStatements(program)) {
    if (statement.type === "PartialStatement") partials.push(statement);
    else if (statement.type === "PartialBlockStatement") {
      context.problems.push(
        problemAt(scope, statement.loc.start.line, "Partial blocks ({{#> name}}…{{/name}}) are not supported; use {{> name}}."),
      );
    } else if (statement.type === "Decorator" || statement.type === "DecoratorBlock") {
      context.problems.push(problemAt(scope, statement.loc.start.line, "Inline partials and decorators ({{#* …}}) are not supported."));
    }
  }
  if (partials.length === 0) return whole(source);

  const offsets = new OffsetMap(source);
  const pieces: Piece[] = [];
  let cursor = 0;
  let cursorLine = 1;
  let scanned = 0;
  let openElements = scope.openElements;
  const pushText = (text: string, line: number) => {
    if (text === "") return;
    pieces.push(
      scope.siteLine === undefined
        ? { text, line, advance: true, components: [] }
        : { text, line: scope.siteLine, advance: false, components: scope.chain },
    );
  };

  for (const partial of partials) {
    const start = offsets.offset(partial.loc.start);
    const end = offsets.offset(partial.loc.end);
    if (start < cursor) continue;
    pushText(source.slice(cursor, start), cursorLine);
    openElements = openMjmlElements(source.slice(scanned, start), openElements);
    scanned = start;
    const replacement = expandPartial(partial, scope, openElements, context);
    if (replacement) pieces.push(...replacement);
    else pushText(source.slice(start, end), partial.loc.start.line);
    cursor = end;
    cursorLine = partial.loc.end.line;
  }
  pushText(source.slice(cursor), cursorLine);
  return pieces;
}

function expandPartial(
  partial: PartialStatement,
  scope: Scope,
  openElements: string[],
  context: Context,
): Piece[] | undefined {
  const line = partial.loc.start.line;
  const name = staticPartialName(partial.name);
  if (!name) {
    context.problems.push(problemAt(scope, line, "Dynamic partials ({{> (expression)}}) are not supported; name the component."));
    return undefined;
  }
  const component = context.components.get(name);
  if (!component) {
    const available = [...context.components.keys()].sort();
    context.problems.push(
      problemAt(
        scope,
        line,
        `Unknown component "${name}". ${available.length > 0 ? `Available components: ${available.join(", ")}.` : "No components exist yet."}`,
      ),
    );
    return undefined;
  }
  if (scope.chain.includes(name)) {
    context.problems.push(problemAt(scope, line, `Components include each other in a cycle: ${[...scope.chain, name].join(" → ")}.`));
    return undefined;
  }
  if (scope.chain.length >= MAX_DEPTH) {
    context.problems.push(problemAt(scope, line, `Components are nested more than ${MAX_DEPTH} levels deep.`));
    return undefined;
  }
  if (partial.params.length > 0) {
    context.problems.push(
      problemAt(scope, line, `Pass arguments to component "${name}" as name=value pairs ({{> ${name} text="…" url=ctaUrl}}).`),
    );
    return undefined;
  }
  if (context.documentType === "HTML" && component.contentType === "MJML") {
    context.problems.push(
      problemAt(scope, line, `Component "${name}" is written in MJML and cannot be used in an HTML template; use an HTML component or switch the template to MJML.`),
    );
    return undefined;
  }

  const inner: Scope = { chain: [...scope.chain, name], siteLine: scope.siteLine ?? line, openElements };
  const args = new Map<string, Arg>();
  for (const variable of component.variables) {
    const arg = argFromString(variable.defaultValue, inner, context, `the default value of "${variable.name}"`);
    if (arg) args.set(variable.name, arg);
  }
  for (const pair of partial.hash?.pairs ?? []) {
    const arg = argFromExpression(pair.value, scope, context, `argument ${pair.key}`);
    if (arg) args.set(pair.key, arg);
  }

  const content = substituteArguments(component.content, args, inner, context);
  if (content === undefined) return undefined;

  const innermost = openElements[openElements.length - 1];
  const wrapInRaw =
    context.documentType === "MJML" && component.contentType === "HTML" && !(innermost && MJML_ENDING_TAGS.has(innermost));
  if (!wrapInRaw) return expandSource(content, inner, context);
  const pieces = expandSource(content, { ...inner, openElements: [...openElements, "mj-raw"] }, context);
  const at = (text: string): Piece => ({ text, line: inner.siteLine ?? line, advance: false, components: inner.chain });
  return [at("<mj-raw>"), ...pieces, at("</mj-raw>")];
}

function argFromString(value: string, scope: Scope, context: Context, what: string): Arg | undefined {
  const program = parseCached(value, context);
  if (program instanceof HandlebarsSyntaxError) {
    context.problems.push(problemAt(scope, undefined, `${what} is not valid Handlebars: ${program.message}`));
    return undefined;
  }
  const [only] = program.body;
  const content = program.body.flatMap((s) => (s.type === "ContentStatement" ? [s.value] : []));
  if (content.length === program.body.length) {
    const text = content.join("");
    return { kind: "literal", text, expression: quoteLiteral(text) };
  }
  if (program.body.length === 1 && only?.type === "MustacheStatement") {
    const isPath = only.path.type === "PathExpression" && only.params.length === 0 && !only.hash;
    return { kind: "expression", expression: printCall(only.path, only.params, only.hash), isPath };
  }
  return { kind: "template", source: value };
}

function argFromExpression(node: Expression, scope: Scope, context: Context, what: string): Arg | undefined {
  switch (node.type) {
    case "StringLiteral":
      return argFromString(node.value, scope, context, what);
    case "NumberLiteral":
    case "BooleanLiteral":
      return { kind: "literal", text: String(node.value), expression: String(node.value) };
    case "UndefinedLiteral":
    case "NullLiteral":
      return { kind: "literal", text: "", expression: "null" };
    case "PathExpression":
      return { kind: "expression", expression: node.original, isPath: true };
    case "SubExpression":
      return { kind: "expression", expression: printCall(node.path, node.params, node.hash), isPath: false };
  }
}

function protectLiteral(text: string): string {
  return text.replace(/\{\{/g, "\\{{");
}

function mustache(expression: string, escaped: boolean, strip: { open: boolean; close: boolean }): string {
  const open = strip.open ? "~" : "";
  const close = strip.close ? "~" : "";
  return escaped ? `{{${open}${expression}${close}}}` : `{{${open}{${expression}}${close}}}`;
}

/** Handlebars text placed where HTML is expected: its words are HTML-escaped and its mustaches made escaping ones. */
export function escapeTemplateText(source: string): string {
  return escapedTemplate(source, { documentType: "HTML", components: new Map(), problems: [], parsed: new Map() });
}

function escapedTemplate(source: string, context: Context): string {
  const program = parseCached(source, context);
  if (program instanceof HandlebarsSyntaxError) return source;
  const offsets = new OffsetMap(source);
  const edits: Edit[] = [];
  for (const statement of walkStatements(program)) {
    const range = { start: offsets.offset(statement.loc.start), end: offsets.offset(statement.loc.end) };
    if (statement.type === "ContentStatement") {
      edits.push({ ...range, text: protectLiteral(Handlebars.Utils.escapeExpression(statement.original)) });
    } else if (statement.type === "MustacheStatement" && !statement.escaped) {
      edits.push({ ...range, text: mustache(printCall(statement.path, statement.params, statement.hash), true, statement.strip) });
    }
  }
  return applyEdits(source, edits);
}

function isArgReference(path: PathExpression, args: Map<string, Arg>, blockParams: string[][]): boolean {
  const head = path.parts[0];
  return (
    !path.data &&
    path.depth === 0 &&
    head !== undefined &&
    args.has(head) &&
    !blockParams.some((params) => params.includes(head))
  );
}

/** The component's content with its variables replaced by the arguments; undefined when an argument cannot fit. */
function substituteArguments(content: string, args: Map<string, Arg>, scope: Scope, context: Context): string | undefined {
  const program = parseCached(content, context);
  if (program instanceof HandlebarsSyntaxError) {
    context.problems.push(problemAt(scope, program.line, program.message));
    return undefined;
  }
  if (args.size === 0) return content;
  const offsets = new OffsetMap(content);
  const edits: Edit[] = [];
  const problemCount = context.problems.length;
  const range = (node: { loc: { start: { line: number; column: number }; end: { line: number; column: number } } }) => ({
    start: offsets.offset(node.loc.start),
    end: offsets.offset(node.loc.end),
  });
  const fail = (node: { loc: { start: { line: number } } }, message: string) =>
    context.problems.push(problemAt(scope, node.loc.start.line, message));

  const visitParam = (node: Expression, position: "helper" | "partial", contextDepth: number, blockParams: string[][]) => {
    if (node.type === "SubExpression") {
      for (const param of node.params) visitParam(param, "helper", contextDepth, blockParams);
      for (const pair of node.hash?.pairs ?? []) visitParam(pair.value, "helper", contextDepth, blockParams);
      return;
    }
    if (node.type !== "PathExpression" || !isArgReference(node, args, blockParams)) return;
    const arg = args.get(node.parts[0] ?? "");
    if (!arg) return;
    if (node.parts.length > 1) {
      if (arg.kind === "expression" && arg.isPath) edits.push({ ...range(node), text: [arg.expression, ...node.parts.slice(1)].join(".") });
      else fail(node, `"${node.original}" reads a field of "${node.parts[0]}", which is given as text.`);
      return;
    }
    if (arg.kind === "literal") edits.push({ ...range(node), text: arg.expression });
    else if (contextDepth > 0) fail(node, `"${node.original}" is used inside {{#each}}/{{#with}}; variables passed to a component must be used outside them.`);
    else if (arg.kind === "expression") edits.push({ ...range(node), text: arg.isPath ? arg.expression : `(${arg.expression})` });
    else if (position === "partial") edits.push({ ...range(node), text: quoteLiteral(arg.source) });
    else fail(node, `"${node.original}" is passed to a helper but was given text with {{ }}; pass a variable (name=variable) instead.`);
  };

  const visit = (statements: Statement[], contextDepth: number, blockParams: string[][]) => {
    for (const statement of statements) {
      switch (statement.type) {
        case "MustacheStatement": {
          const { path } = statement;
          const simple = statement.params.length === 0 && !statement.hash && path.type === "PathExpression";
          if (simple && isArgReference(path, args, blockParams) && path.parts.length === 1) {
            const arg = args.get(path.parts[0] ?? "");
            if (!arg) break;
            if (arg.kind === "literal") {
              const text = statement.escaped ? Handlebars.Utils.escapeExpression(arg.text) : arg.text;
              edits.push({ ...range(statement), text: protectLiteral(text) });
            } else if (contextDepth > 0) {
              fail(statement, `"${path.original}" is used inside {{#each}}/{{#with}}; variables passed to a component must be used outside them.`);
            } else if (arg.kind === "expression") {
              edits.push({ ...range(statement), text: mustache(arg.expression, statement.escaped, statement.strip) });
            } else {
              edits.push({ ...range(statement), text: statement.escaped ? escapedTemplate(arg.source, context) : arg.source });
            }
            break;
          }
          if (simple && path.type === "PathExpression") visitParam(path, "helper", contextDepth, blockParams);
          for (const param of statement.params) visitParam(param, "helper", contextDepth, blockParams);
          for (const pair of statement.hash?.pairs ?? []) visitParam(pair.value, "helper", contextDepth, blockParams);
          break;
        }
        case "BlockStatement": {
          for (const param of statement.params) visitParam(param, "helper", contextDepth, blockParams);
          for (const pair of statement.hash?.pairs ?? []) visitParam(pair.value, "helper", contextDepth, blockParams);
          const name = statement.path.type === "PathExpression" ? statement.path.original : "";
          const changesContext = name === "each" || name === "with" || statement.params.length === 0;
          const params = statement.program?.blockParams ?? [];
          if (statement.program) visit(statement.program.body, contextDepth + (changesContext ? 1 : 0), [...blockParams, params]);
          if (statement.inverse) visit(statement.inverse.body, contextDepth, blockParams);
          break;
        }
        case "PartialStatement":
          for (const pair of statement.hash?.pairs ?? []) visitParam(pair.value, "partial", contextDepth, blockParams);
          break;
        default:
          break;
      }
    }
  };
  visit(program.body, 0, []);
  if (context.problems.length > problemCount) return undefined;
  return applyEdits(content, edits);
}

function assemble(pieces: Piece[]): { text: string; lineOrigins: LineOrigin[] } {
  let text = "";
  const lineOrigins: LineOrigin[] = [];
  let lineStart: LineOrigin | undefined;
  let firstContent: LineOrigin | undefined;
  const endLine = () => {
    lineOrigins.push(firstContent ?? lineStart ?? { line: 1, components: [] });
    lineStart = undefined;
    firstContent = undefined;
  };
  for (const piece of pieces) {
    const segments = piece.text.split("\n");
    segments.forEach((segment, index) => {
      if (index > 0) endLine();
      const origin = { line: piece.advance ? piece.line + index : piece.line, components: piece.components };
      lineStart ??= origin;
      if (!firstContent && segment.trim() !== "") firstContent = origin;
    });
    text += piece.text;
  }
  endLine();
  return { text, lineOrigins };
}
