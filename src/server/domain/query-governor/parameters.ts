import { parseSync, scanSync, type ScanToken } from "libpg-query";
import type { SegmentParameter } from "@/server/db/schema";
import { QueryRejectedError } from "./errors";
import { normalizeParameterValue, parameterTypeDescriptions, parseTimestamp } from "./parameter-values";
import { assertPostgresParserLoaded } from "./pg-parser";
import { byteOffsetConverter, codePointsToIndex, type Replacement } from "./sql-text";

/** What a parameter value becomes once coerced: the drivers of both engines type these correctly. */
export type BoundValue = string | number | boolean | Date;

export interface RewrittenPostgresSql {
  /** The SQL with every `:name` replaced by `$n`. */
  sql: string;
  /** Parameter names in `$n` order (`$1` is names[0]). */
  names: string[];
  replacements: Replacement[];
}

interface Placeholder {
  name: string;
  start: number;
  end: number;
}

const IDENTIFIER_START = /^[A-Za-z_\u0080-\uffff]/;

function rejectSyntax(sql: string): never {
  try {
    // Blank the ":" of placeholders (same length, so positions hold) so the parser reports the real error.
    parseSync(sql.replace(/(?<!:):(?=[A-Za-z_])/g, " "));
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    const message = details?.message ?? (error instanceof Error ? error.message : String(error));
    const position = details?.cursorPosition === undefined ? undefined : codePointsToIndex(sql, details.cursorPosition) + 1;
    throw new QueryRejectedError(`Syntax error: ${message}`, position);
  }
  throw new QueryRejectedError("Syntax error: the query could not be tokenized");
}

export function scanPostgres(sql: string): Array<ScanToken & { startIndex: number; endIndex: number }> {
  assertPostgresParserLoaded();
  let tokens: ScanToken[];
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    // The scanner's own errors (unterminated string, comment, dollar quote) carry no usable message; the parser's do.
    rejectSyntax(sql);
  }
  const toIndex = byteOffsetConverter(sql);
  return tokens.map((token) => ({ ...token, startIndex: toIndex(token.start), endIndex: toIndex(token.end) }));
}

function placeholderRejection(name: string, index: number): QueryRejectedError {
  return new QueryRejectedError(
    `Parameter :${name} is not declared; declare it in the segment's parameters or remove it from the SQL`,
    index + 1,
  );
}

/**
 * Finds `:name` placeholders with the PostgreSQL scanner itself: a ":" token immediately followed by an identifier or
 * keyword token. Casts (`::`), strings, dollar quotes, comments and quoted identifiers are single tokens to the
 * scanner, so nothing inside them is ever mistaken for a placeholder. Inside square brackets an undeclared name is an
 * array slice bound (`a[1:n]`), not a placeholder.
 */
export function rewritePostgresPlaceholders(sql: string, parameters: SegmentParameter[]): RewrittenPostgresSql {
  const tokens = scanPostgres(sql);
  const declared = new Set(parameters.map((parameter) => parameter.name));
  const placeholders: Placeholder[] = [];
  let bracketDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const text = sql.slice(token.startIndex, token.endIndex);
    if (token.tokenName === "PARAM") {
      throw new QueryRejectedError(
        `Positional parameters like ${text} are not supported; declare a parameter and write :name`,
        token.startIndex + 1,
      );
    }
    if (text === "[") bracketDepth++;
    else if (text === "]") bracketDepth = Math.max(0, bracketDepth - 1);
    if (text !== ":") continue;
    const next = tokens[i + 1];
    if (!next || next.start !== token.end) continue;
    const name = sql.slice(next.startIndex, next.endIndex);
    const identifierLike = next.tokenName === "IDENT" || next.keywordName !== "NO_KEYWORD";
    if (!identifierLike || !IDENTIFIER_START.test(name)) continue;
    if (!declared.has(name)) {
      if (bracketDepth > 0) continue;
      throw placeholderRejection(name, token.startIndex);
    }
    placeholders.push({ name, start: token.startIndex, end: next.endIndex });
    i++;
  }

  const names: string[] = [];
  const rewritten = applyPlaceholders(sql, placeholders, (name) => {
    let ordinal = names.indexOf(name);
    if (ordinal === -1) ordinal = names.push(name) - 1;
    return `$${ordinal + 1}`;
  });

  return { sql: rewritten.sql, names, replacements: rewritten.replacements };
}

function applyPlaceholders(
  sql: string,
  placeholders: Placeholder[],
  render: (name: string) => string,
): { sql: string; replacements: Replacement[] } {
  const replacements: Replacement[] = [];
  let out = "";
  let cursor = 0;
  for (const placeholder of placeholders) {
    out += sql.slice(cursor, placeholder.start);
    const start = out.length;
    out += render(placeholder.name);
    replacements.push({ originalStart: placeholder.start, originalEnd: placeholder.end, start, end: out.length });
    cursor = placeholder.end;
  }
  return { sql: out + sql.slice(cursor), replacements };
}

/**
 * A small BigQuery (GoogleSQL) tokenizer, enough to find `:name` outside literals: '…', "…", '''…''', """…""" (with
 * r/b prefixes, whose quotes end the same way), `identifiers`, and --, # and /* *\/ comments. Backslash escapes
 * count in every quoted form, as in BigQuery's own lexer.
 */
function findBigQueryPlaceholders(sql: string, declared: Set<string>): Placeholder[] {
  const placeholders: Placeholder[] = [];
  let i = 0;
  const n = sql.length;
  const skipQuoted = (quote: string): void => {
    const triple = (quote === "'" || quote === '"') && sql.startsWith(quote.repeat(3), i);
    const close = triple ? quote.repeat(3) : quote;
    const openedAt = i;
    i += close.length;
    while (i < n) {
      if (sql[i] === "\\") {
        i += 2;
        continue;
      }
      if (sql.startsWith(close, i)) {
        i += close.length;
        return;
      }
      if (!triple && quote !== "`" && sql[i] === "\n") break;
      i++;
    }
    throw new QueryRejectedError(quote === "`" ? "Unterminated quoted identifier" : "Unterminated string literal", openedAt + 1);
  };
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === "`") {
      skipQuoted(c);
    } else if ((c === "-" && sql[i + 1] === "-") || c === "#") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end === -1) throw new QueryRejectedError("Unterminated /* comment", i + 1);
      i = end + 2;
    } else if (c === ":" && sql[i + 1] === ":") {
      i += 2;
    } else if (c === ":") {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1, i + 130));
      if (match) {
        const name = match[0];
        if (!declared.has(name)) throw placeholderRejection(name, i);
        placeholders.push({ name, start: i, end: i + 1 + name.length });
        i += 1 + name.length;
      } else {
        i++;
      }
    } else if (/[A-Za-z0-9_]/.test(c)) {
      // Skipping whole words keeps the r/b string prefixes and names like a:b-free identifiers in one step.
      while (i < n && /[A-Za-z0-9_]/.test(sql[i]!)) i++;
    } else {
      i++;
    }
  }
  return placeholders;
}

/** Coerces one value to the declared type, or throws naming the parameter. */
export function coerceParameter(parameter: SegmentParameter, value: unknown): BoundValue {
  const normalized = normalizeParameterValue(parameter.type, value);
  if (normalized === undefined) {
    throw new QueryRejectedError(`Parameter ${parameter.name} must be ${parameterTypeDescriptions[parameter.type]}`);
  }
  // Timestamps are bound as instants, so the driver never reinterprets them in the server's zone.
  return (parameter.type === "timestamp" && parseTimestamp(String(normalized))) || normalized;
}

function isMissing(parameter: SegmentParameter, value: unknown): boolean {
  return value === undefined || value === null || (value === "" && parameter.type !== "string");
}

/** Every declared parameter's value: the given one, else the default; a parameter with neither is refused. */
export function resolveBoundValues(parameters: SegmentParameter[], values: Record<string, unknown> | undefined): Map<string, BoundValue> {
  const resolved = new Map<string, BoundValue>();
  for (const parameter of parameters) {
    const given = values?.[parameter.name];
    const value = isMissing(parameter, given) ? parameter.default : given;
    if (isMissing(parameter, value)) {
      throw new QueryRejectedError(`Parameter ${parameter.name} needs a value: none was given and it declares no default`);
    }
    resolved.set(parameter.name, coerceParameter(parameter, value));
  }
  return resolved;
}

export interface PostgresBinding {
  sql: string;
  values: BoundValue[];
}

export interface BigQueryBinding {
  sql: string;
  values: Record<string, BoundValue>;
}

/**
 * Binds `:name` placeholders as real query parameters, never as text: `$1..$n` plus the ordered values for Postgres,
 * `@name` plus the named values for BigQuery. Values are coerced to the declared types; a missing value takes the
 * declared default. Postgres needs the parser loaded (see loadPostgresParser).
 */
export function bindNamedParameters(
  sql: string,
  parameters: SegmentParameter[],
  values: Record<string, unknown> | undefined,
  dialect: "postgres",
): PostgresBinding;
export function bindNamedParameters(
  sql: string,
  parameters: SegmentParameter[],
  values: Record<string, unknown> | undefined,
  dialect: "bigquery",
): BigQueryBinding;
export function bindNamedParameters(
  sql: string,
  parameters: SegmentParameter[],
  values: Record<string, unknown> | undefined,
  dialect: "postgres" | "bigquery",
): { sql: string; values: unknown[] | Record<string, unknown> };
export function bindNamedParameters(
  sql: string,
  parameters: SegmentParameter[],
  values: Record<string, unknown> | undefined,
  dialect: "postgres" | "bigquery",
): PostgresBinding | BigQueryBinding {
  if (dialect === "postgres") {
    const rewritten = rewritePostgresPlaceholders(sql, parameters);
    const resolved = resolveBoundValues(parameters, values);
    return { sql: rewritten.sql, values: rewritten.names.map((name) => resolved.get(name)!) };
  }
  const placeholders = findBigQueryPlaceholders(sql, new Set(parameters.map((parameter) => parameter.name)));
  const resolved = resolveBoundValues(parameters, values);
  const named: Record<string, BoundValue> = {};
  for (const { name } of placeholders) named[name] = resolved.get(name)!;
  return { sql: applyPlaceholders(sql, placeholders, (name) => `@${name}`).sql, values: named };
}

