import * as bigQueryGrammar from "node-sql-parser/build/bigquery";
import type { SegmentParameter, SegmentParameterType } from "@/server/db/schema";
import { QueryRejectedError } from "./errors";
import { bindNamedParameters } from "./parameters";

/*
 * BigQuery static analysis, three layers deep:
 *
 * 1. A GoogleSQL tokenizer (below) that knows BigQuery's strings (quoted, triple-quoted, raw, bytes), backtick
 *    identifiers and all three comment styles, so neither can hide a statement or break a legitimate one. On tokens it
 *    enforces: one statement, a query statement (SELECT, WITH … SELECT, pipe FROM or a parenthesised query), no refused
 *    function or view. It also locates problems, so refusals carry a position.
 * 2. node-sql-parser's BigQuery grammar, when it can read the query: the AST must be one SELECT, and its function
 *    calls and table references are checked again against the same rules.
 * 3. BigQuery's own dry run (in the adapter) is the authoritative parser: before any job runs, it must report
 *    statementType "SELECT".
 *
 * node-sql-parser 5.4 rejects plenty of valid GoogleSQL (QUALIFY, WITH RECURSIVE, GROUP BY ALL, SELECT * REPLACE,
 * TABLESAMPLE, pipe syntax, ML.PREDICT(MODEL …)). Refusing those would make the governor useless for real warehouses,
 * so a query the grammar cannot read passes on the strength of layers 1 and 3: a single GoogleSQL statement that
 * begins as a query cannot modify data (GoogleSQL has no data-modifying CTEs and no SELECT INTO), and the dry run
 * confirms the statement type before anything executes.
 *
 * Refused even inside a SELECT:
 * - EXTERNAL_QUERY and EXTERNAL_OBJECT_TRANSFORM: they run a query string in (or call out to) an external system.
 * - Functions in the ML, AI and OBJ namespaces: they call Vertex AI / remote models (billed outside the byte cap) or
 *   hand out signed access to Cloud Storage objects. Audiences come from tables.
 * - Every INFORMATION_SCHEMA view: JOBS* exposes other users' query texts, the rest is project metadata; none of it
 *   is an audience.
 * SESSION_USER(), @@system variables and persistent UDFs stay allowed. A remote function cannot be told apart from a
 * SQL UDF without reading the routine; that residual risk is accepted, as routines are made by the project's admins.
 */

type TokenKind = "word" | "quoted" | "string" | "number" | "param" | "punct";

interface Token {
  kind: TokenKind;
  /** For "quoted" the identifier without backticks, otherwise the source text. */
  value: string;
  start: number;
  end: number;
}

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_]/u;
const STRING_PREFIX = /^(r|b|rb|br)$/i;

function reject(message: string, offset?: number): never {
  throw new QueryRejectedError(message, offset === undefined ? undefined : offset + 1);
}

function skipQuoted(sql: string, from: number, quote: string, what: string): number {
  let index = from + quote.length;
  while (index < sql.length) {
    if (sql[index] === "\\") {
      index += 2;
      continue;
    }
    if (sql.startsWith(quote, index)) return index + quote.length;
    index += 1;
  }
  return reject(`Unterminated ${what}: add the closing ${quote}`, from);
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < sql.length) {
    const char = sql[index] ?? "";
    const start = index;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "#" || sql.startsWith("--", index)) {
      const newline = sql.indexOf("\n", index);
      index = newline === -1 ? sql.length : newline + 1;
    } else if (sql.startsWith("/*", index)) {
      const close = sql.indexOf("*/", index + 2);
      if (close === -1) reject("Unterminated /* comment: add the closing */", start);
      index = close + 2;
    } else if (char === "'" || char === '"') {
      const quote = sql.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
      index = skipQuoted(sql, index, quote, "string literal");
      tokens.push({ kind: "string", value: sql.slice(start, index), start, end: index });
    } else if (char === "`") {
      index = skipQuoted(sql, index, "`", "quoted identifier");
      tokens.push({ kind: "quoted", value: sql.slice(start + 1, index - 1), start, end: index });
    } else if (WORD_START.test(char)) {
      while (index < sql.length && WORD_PART.test(sql[index] ?? "")) index += 1;
      const word = sql.slice(start, index);
      const next = sql[index];
      if (STRING_PREFIX.test(word) && (next === "'" || next === '"')) {
        const quote = sql.startsWith(next.repeat(3), index) ? next.repeat(3) : next;
        index = skipQuoted(sql, index, quote, "string literal");
        tokens.push({ kind: "string", value: sql.slice(start, index), start, end: index });
      } else {
        tokens.push({ kind: "word", value: word, start, end: index });
      }
    } else if (/[0-9]/.test(char)) {
      const number = /^(0[xX][0-9a-fA-F]+|[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?)/.exec(sql.slice(index))?.[0] ?? char;
      index += number.length;
      tokens.push({ kind: "number", value: number, start, end: index });
    } else if (char === "@") {
      index += sql.startsWith("@@", index) ? 2 : 1;
      while (index < sql.length && WORD_PART.test(sql[index] ?? "")) index += 1;
      tokens.push({ kind: index - start > 1 ? "param" : "punct", value: sql.slice(start, index), start, end: index });
    } else {
      index += 1;
      tokens.push({ kind: "punct", value: char, start, end: index });
    }
  }
  return tokens;
}

const MODIFYING = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE"]);
const DEFINING = new Set(["CREATE", "ALTER", "DROP", "UNDROP"]);
const SCRIPTING = new Set([
  "DECLARE",
  "SET",
  "BEGIN",
  "END",
  "EXECUTE",
  "CALL",
  "IF",
  "CASE",
  "LOOP",
  "WHILE",
  "REPEAT",
  "FOR",
  "BREAK",
  "LEAVE",
  "CONTINUE",
  "ITERATE",
  "RETURN",
  "RAISE",
  "ASSERT",
  "COMMIT",
  "ROLLBACK",
]);

function describeStatement(keyword: string): string {
  const upper = keyword.toUpperCase();
  if (MODIFYING.has(upper)) return `${upper} modifies data`;
  if (DEFINING.has(upper)) return `${upper} defines or changes objects (this includes CREATE TEMP FUNCTION)`;
  if (SCRIPTING.has(upper)) return `${upper} is BigQuery scripting`;
  if (upper === "EXPORT") return "EXPORT DATA writes query results out of BigQuery";
  if (upper === "LOAD") return "LOAD DATA writes into a table";
  if (upper === "GRANT" || upper === "REVOKE") return `${upper} changes permissions`;
  return `"${keyword}" does not start a query`;
}

function isName(token: Token | undefined): token is Token {
  return token?.kind === "word" || token?.kind === "quoted";
}

function nameParts(token: Token): string[] {
  return token.kind === "quoted" ? token.value.split(".") : [token.value];
}

const REFUSED_FUNCTIONS: Record<string, string> = {
  EXTERNAL_QUERY: "it runs a query string in an external database",
  EXTERNAL_OBJECT_TRANSFORM: "it calls out to services outside the warehouse",
};
const REFUSED_NAMESPACES = new Set(["ML", "AI", "OBJ"]);
const NAMESPACE_REASON =
  "functions in the ML, AI and OBJ namespaces call models and external services (billed outside the query's byte cap) or hand out access to Cloud Storage objects";
const INFORMATION_SCHEMA_REASON =
  "INFORMATION_SCHEMA views are not allowed in segments: they expose project metadata and other users' job history, including their query texts. Query your own tables";

/** Why a function with this (dot-separated, SAFE.-prefixed or not) name is refused, or null. */
function refusedFunctionReason(parts: string[]): string | null {
  const upper = parts.map((part) => part.toUpperCase());
  if (upper[0] === "SAFE" && upper.length > 1) upper.shift();
  const name = upper.join(".");
  const last = upper[upper.length - 1] ?? "";
  const direct = REFUSED_FUNCTIONS[last];
  if (direct) return `${name} is not allowed: ${direct}.`;
  if (upper.length > 1 && REFUSED_NAMESPACES.has(upper[0] ?? "")) return `${name} is not allowed: ${NAMESPACE_REASON}.`;
  return null;
}

function mentionsInformationSchema(parts: string[]): boolean {
  return parts.some((part) => part.toUpperCase() === "INFORMATION_SCHEMA");
}

/** Walks dotted names (a.b.`c.d`) and refuses calls to refused functions and references to INFORMATION_SCHEMA. */
function checkNames(tokens: Token[]): void {
  let index = 0;
  while (index < tokens.length) {
    const first = tokens[index];
    if (!isName(first)) {
      index += 1;
      continue;
    }
    const parts = nameParts(first);
    let next = index + 1;
    while (tokens[next]?.value === "." && isName(tokens[next + 1])) {
      parts.push(...nameParts(tokens[next + 1] as Token));
      next += 2;
    }
    if (mentionsInformationSchema(parts)) reject(`${INFORMATION_SCHEMA_REASON}.`, first.start);
    if (tokens[next]?.value === "(") {
      const reason = refusedFunctionReason(parts);
      if (reason) reject(reason, first.start);
    }
    index = next;
  }
}

const QUERY_START = new Set(["SELECT", "WITH", "FROM"]);

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === "word" && token.value.toUpperCase() === word;
}

/** Index just past the parenthesis group that opens at `open`, or -1 when it never closes. */
function skipGroup(tokens: Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const value = tokens[index]?.value;
    if (value === "(") depth += 1;
    else if (value === ")") depth -= 1;
    if (depth === 0) return index + 1;
  }
  return -1;
}

/** After `WITH [RECURSIVE] a AS (…), b AS (…)` only a query may follow; anything else is refused where it starts. */
function checkAfterWithClause(tokens: Token[], withIndex: number): void {
  let index = withIndex + 1;
  if (isWord(tokens[index], "RECURSIVE")) index += 1;
  for (;;) {
    if (!isName(tokens[index]) || !isWord(tokens[index + 1], "AS") || tokens[index + 2]?.value !== "(") return;
    index = skipGroup(tokens, index + 2);
    if (index === -1) return;
    if (tokens[index]?.value !== ",") break;
    index += 1;
  }
  const main = tokens[index];
  if (!main || main.value === "(" || isWord(main, "SELECT") || isWord(main, "FROM")) return;
  reject(`Only a SELECT may follow the WITH clause: ${describeStatement(main.value)}.`, main.start);
}

function rejectLegacySql(sql: string): void {
  const legacy = /^\s*#legacySQL\b/i.exec(sql);
  if (legacy) reject("Legacy SQL is not supported: remove #legacySQL and write GoogleSQL (standard SQL).", legacy[0].indexOf("#"));
}

function checkTokens(tokens: Token[]): void {
  if (tokens.length === 0) reject("The query is empty: write one SELECT statement.");
  let first = 0;
  while (tokens[first]?.value === "(") first += 1;
  const opening = tokens[first] ?? tokens[0];
  if (!opening) reject("The query is empty: write one SELECT statement.");
  if (opening.kind !== "word" || !QUERY_START.has(opening.value.toUpperCase())) {
    reject(`Only a single read-only SELECT query is allowed (it may start with WITH): ${describeStatement(opening.value)}.`, opening.start);
  }
  if (isWord(opening, "WITH")) checkAfterWithClause(tokens, first);
  const separator = tokens.findIndex((token) => token.value === ";");
  if (separator !== -1) {
    const second = tokens.slice(separator).find((token) => token.value !== ";");
    if (second) reject('Only one statement is allowed: remove everything after the first ";".', second.start);
  }
  checkNames(tokens);
}

interface AstNode {
  [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isNode(value) && typeof value.value === "string") return value.value;
  return undefined;
}

function functionNameParts(node: AstNode): string[] {
  if (typeof node.name === "string") return node.name.split(".");
  if (!isNode(node.name)) return [];
  const schema = stringValue(node.name.schema);
  const names = Array.isArray(node.name.name) ? node.name.name.map(stringValue) : [];
  return [schema, ...names].filter((part): part is string => part !== undefined).flatMap((part) => part.split("."));
}

function tableNameParts(node: AstNode): string[] {
  return [node.catalog, node.db, node.schema, node.table]
    .map(stringValue)
    .filter((part): part is string => part !== undefined)
    .flatMap((part) => part.split("."));
}

function checkAstNode(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(checkAstNode);
    return;
  }
  if (!isNode(value)) return;
  if (value.type === "function" || value.type === "aggr_func") {
    const reason = refusedFunctionReason(functionNameParts(value));
    if (reason) reject(reason);
  }
  if (typeof value.table === "string" && mentionsInformationSchema(tableNameParts(value))) reject(`${INFORMATION_SCHEMA_REASON}.`);
  Object.values(value).forEach(checkAstNode);
}

// The package is a CommonJS bundle whose exports Node's ESM loader cannot detect: under plain Node (the worker) the
// namespace only has `default`, under bundlers it has the named exports too.
const grammarModule = bigQueryGrammar as typeof bigQueryGrammar & { default?: typeof bigQueryGrammar };
const parser = new (grammarModule.default ?? grammarModule).Parser();

/** Layer 2: returns false when the grammar cannot read the query (the dry run then decides), throws when it refuses. */
function checkWithParser(sql: string): boolean {
  let ast: unknown;
  try {
    ast = parser.astify(sql, { database: "BigQuery" });
  } catch {
    return false;
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) reject("Only one statement is allowed.");
  const statement = statements[0];
  if (!isNode(statement) || statement.type !== "select") {
    const type = isNode(statement) && typeof statement.type === "string" ? statement.type.toUpperCase() : "unknown";
    reject(`Only a single read-only SELECT query is allowed: the parser read a ${type} statement.`);
  }
  if (isNode(statement.into) && statement.into.expr) reject("SELECT … INTO is not allowed: segments only read.");
  checkAstNode(statement);
  return true;
}

const SAMPLE_VALUES: Record<SegmentParameterType, string | number | boolean> = {
  string: "",
  number: 0,
  boolean: false,
  date: "1970-01-01",
  timestamp: "1970-01-01T00:00:00Z",
};

/**
 * Analysis runs when a segment is saved, before anyone chose values, and only needs the rewritten text: every
 * parameter gets a value of its type here. The adapter binds the real values with the same binder.
 */
function placeholderValues(parameters: SegmentParameter[]): Record<string, unknown> {
  return Object.fromEntries(parameters.map((parameter) => [parameter.name, SAMPLE_VALUES[parameter.type]]));
}

export interface BigQueryAnalysis {
  /** The SQL to send: `:name` placeholders rewritten to BigQuery's `@name`, trailing semicolons and comments cut. */
  sql: string;
  /** False when node-sql-parser could not read the query and BigQuery's dry run is the only grammar check. */
  parsed: boolean;
}

/**
 * The governor's static analysis for BigQuery. Throws QueryRejectedError (with a 1-based position where one is
 * known) for anything but one read-only SELECT; the adapter's dry run must still confirm statementType SELECT.
 */
export function analyzeBigQueryQuery(sql: string, parameters: SegmentParameter[]): BigQueryAnalysis {
  rejectLegacySql(sql);
  const bound = bindNamedParameters(sql, parameters, placeholderValues(parameters), "bigquery").sql;
  const tokens = tokenize(bound);
  checkTokens(tokens);
  const lastStatementToken = tokens.filter((token) => token.value !== ";").at(-1);
  const trimmed = bound.slice(0, lastStatementToken?.end ?? bound.length);
  return { sql: trimmed, parsed: checkWithParser(trimmed) };
}
