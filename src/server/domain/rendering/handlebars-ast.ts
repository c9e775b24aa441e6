import Handlebars from "handlebars";

/*
 * A typed view of the AST that `Handlebars.parse` returns. The package's own typings declare every node as a loose
 * `Node`, so the tree is cast once here and walked through these discriminated unions everywhere else.
 */

export interface Position {
  line: number;
  column: number;
}
export interface SourceLocation {
  start: Position;
  end: Position;
}

interface NodeBase {
  loc: SourceLocation;
}

export interface PathExpression extends NodeBase {
  type: "PathExpression";
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}
export interface SubExpression extends NodeBase {
  type: "SubExpression";
  path: PathExpression;
  params: Expression[];
  hash?: Hash;
}
export interface StringLiteral extends NodeBase {
  type: "StringLiteral";
  value: string;
}
export interface NumberLiteral extends NodeBase {
  type: "NumberLiteral";
  value: number;
}
export interface BooleanLiteral extends NodeBase {
  type: "BooleanLiteral";
  value: boolean;
}
export interface UndefinedLiteral extends NodeBase {
  type: "UndefinedLiteral";
}
export interface NullLiteral extends NodeBase {
  type: "NullLiteral";
}
export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | UndefinedLiteral | NullLiteral;
export type Expression = PathExpression | SubExpression | Literal;

export interface HashPair extends NodeBase {
  type: "HashPair";
  key: string;
  value: Expression;
}
export interface Hash extends NodeBase {
  type: "Hash";
  pairs: HashPair[];
}
export interface StripFlags {
  open: boolean;
  close: boolean;
}

export interface Program extends NodeBase {
  type: "Program";
  body: Statement[];
  blockParams?: string[];
}
export interface MustacheStatement extends NodeBase {
  type: "MustacheStatement" | "Decorator";
  path: PathExpression | Literal;
  params: Expression[];
  hash?: Hash;
  escaped: boolean;
  strip: StripFlags;
}
export interface BlockStatement extends NodeBase {
  type: "BlockStatement" | "DecoratorBlock";
  path: PathExpression | Literal;
  params: Expression[];
  hash?: Hash;
  program?: Program;
  inverse?: Program;
}
export interface PartialStatement extends NodeBase {
  type: "PartialStatement";
  name: PathExpression | SubExpression | Literal;
  params: Expression[];
  hash?: Hash;
}
export interface PartialBlockStatement extends NodeBase {
  type: "PartialBlockStatement";
  name: PathExpression | SubExpression | Literal;
  params: Expression[];
  hash?: Hash;
  program?: Program;
}
export interface ContentStatement extends NodeBase {
  type: "ContentStatement";
  value: string;
  original: string;
}
export interface CommentStatement extends NodeBase {
  type: "CommentStatement";
  value: string;
}
export type Statement =
  | MustacheStatement
  | BlockStatement
  | PartialStatement
  | PartialBlockStatement
  | ContentStatement
  | CommentStatement;

export class HandlebarsSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = "HandlebarsSyntaxError";
  }
}

/** Parses Handlebars source; a syntax error becomes a HandlebarsSyntaxError with a short message and its 1-based line. */
export function parseHandlebars(source: string): Program {
  try {
    return Handlebars.parse(source) as unknown as Program;
  } catch (error) {
    throw toSyntaxError(error);
  }
}

function toSyntaxError(error: unknown): HandlebarsSyntaxError {
  const raw = error instanceof Error ? error.message : String(error);
  const lineNumber = (error as { lineNumber?: unknown }).lineNumber;
  // Jison parse errors carry the line only in their text ("Parse error on line 3:\n<excerpt>\n---^\nExpecting ...").
  const fromText = /^Parse error on line (\d+):/.exec(raw);
  const line = typeof lineNumber === "number" ? lineNumber : fromText ? Number(fromText[1]) : undefined;
  const lines = raw.split("\n");
  const detail = fromText ? lines[lines.length - 1] : lines[0];
  return new HandlebarsSyntaxError(`Handlebars syntax error: ${friendlyParseDetail(detail ?? raw)}`, line);
}

function friendlyParseDetail(detail: string): string {
  if (/got 'EOF'/.test(detail)) return `a block is not closed (${detail})`;
  return detail;
}

/** Converts AST positions (1-based line, 0-based column) into string offsets. */
export class OffsetMap {
  private readonly lineStarts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  offset(position: Position): number {
    return (this.lineStarts[position.line - 1] ?? 0) + position.column;
  }
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order) to a source string. */
export function applyEdits(source: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = "";
  let cursor = 0;
  for (const edit of sorted) {
    out += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + source.slice(cursor);
}

/**
 * Handlebars string-literal syntax for a value. Single quotes (the lexer unescapes `\'`), because printed mustaches
 * often land inside double-quoted MJML/HTML attributes such as href="…", where a `"` would end the attribute.
 */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "\\'")}'`;
}

/** Prints an expression back as Handlebars source, as it may appear inside a mustache or as a parameter. */
export function printExpression(node: Expression): string {
  switch (node.type) {
    case "PathExpression":
      return node.original;
    case "StringLiteral":
      return quoteLiteral(node.value);
    case "NumberLiteral":
    case "BooleanLiteral":
      return String(node.value);
    case "UndefinedLiteral":
      return "undefined";
    case "NullLiteral":
      return "null";
    case "SubExpression":
      return `(${printCall(node.path, node.params, node.hash)})`;
  }
}

/** `helper param1 key=value` — the inside of a mustache or a sub-expression. */
export function printCall(path: Expression, params: Expression[], hash: Hash | undefined): string {
  return [printExpression(path), ...params.map(printExpression), ...(hash?.pairs ?? []).map((p) => `${p.key}=${printExpression(p.value)}`)].join(" ");
}

/** Every statement of a program, depth first, including those nested in blocks. */
export function* walkStatements(program: Program): Generator<Statement> {
  for (const statement of program.body) {
    yield statement;
    if (statement.type === "BlockStatement" || statement.type === "DecoratorBlock") {
      if (statement.program) yield* walkStatements(statement.program);
      if (statement.inverse) yield* walkStatements(statement.inverse);
    } else if (statement.type === "PartialBlockStatement" && statement.program) {
      yield* walkStatements(statement.program);
    }
  }
}

/** The source ranges that are not literal content: mustaches, block tags, comments (for protecting them from HTML tools). */
export function handlebarsTagRanges(source: string, program: Program): Array<{ start: number; end: number }> {
  const offsets = new OffsetMap(source);
  const content: Array<{ start: number; end: number }> = [];
  for (const statement of walkStatements(program)) {
    if (statement.type === "ContentStatement") {
      content.push({ start: offsets.offset(statement.loc.start), end: offsets.offset(statement.loc.end) });
    }
  }
  content.sort((a, b) => a.start - b.start);
  const tags: Array<{ start: number; end: number }> = [];
  let cursor = 0;
  for (const range of content) {
    if (range.start > cursor) tags.push({ start: cursor, end: range.start });
    cursor = Math.max(cursor, range.end);
  }
  if (cursor < source.length) tags.push({ start: cursor, end: source.length });
  return tags;
}
