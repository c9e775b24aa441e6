import { parseSync } from "libpg-query";
import type { SegmentParameter } from "@/server/db/schema";
import { QueryRejectedError } from "./errors";
import { GOVERNOR_LIMITS } from "./limits";
import { rewritePostgresPlaceholders, scanPostgres } from "./parameters";
import { loadPostgresParser } from "./pg-parser";
import { deniedFunctionReason, isDeniedRelation } from "./postgres-deny-lists";
import { byteOffsetConverter, codePointsToIndex, toOriginalIndex, type Replacement } from "./sql-text";

export interface AnalyzedPostgresQuery {
  /** The single statement with `$n` placeholders and no statement separators, ready to be wrapped. */
  sql: string;
  /** Parameter names in `$n` order. */
  names: string[];
  /** Maps a 0-based index in `sql` back to a 1-based position in the SQL the user wrote. */
  toOriginalPosition: (index: number) => number;
}

type ParsedStatement = { stmt?: Record<string, unknown>; stmt_location?: number; stmt_len?: number };

const DATA_MODIFYING: Record<string, string> = {
  InsertStmt: "INSERT",
  UpdateStmt: "UPDATE",
  DeleteStmt: "DELETE",
  MergeStmt: "MERGE",
};

const STATEMENT_NAMES: Record<string, string> = {
  ...DATA_MODIFYING,
  CreateStmt: "CREATE TABLE",
  CreateSeqStmt: "CREATE SEQUENCE",
  ViewStmt: "CREATE VIEW",
  IndexStmt: "CREATE INDEX",
  VariableSetStmt: "SET",
  VariableShowStmt: "SHOW",
  TransactionStmt: "transaction control (BEGIN/COMMIT/ROLLBACK)",
  GrantStmt: "GRANT/REVOKE",
  VacuumStmt: "VACUUM/ANALYZE",
  DeclareCursorStmt: "DECLARE CURSOR",
  CheckPointStmt: "CHECKPOINT",
  RenameStmt: "ALTER … RENAME",
  DefineStmt: "CREATE",
};

function statementName(nodeType: string): string {
  return STATEMENT_NAMES[nodeType] ?? nodeType.replace(/Stmt$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
}

class Analysis {
  private readonly toIndex: (byteOffset: number) => number;

  constructor(
    private readonly sql: string,
    private readonly placeholderCount: number,
    private readonly replacements: Replacement[],
  ) {
    this.toIndex = byteOffsetConverter(sql);
  }

  /** String index range of the single statement, without the separators and comments around it. */
  statementRange(statement: ParsedStatement): { start: number; end: number } {
    const startByte = statement.stmt_location ?? 0;
    const start = this.toIndex(startByte);
    return { start, end: statement.stmt_len ? this.toIndex(startByte + statement.stmt_len) : this.sql.length };
  }

  /** 1-based position in the user's SQL of a 0-based index into the rewritten SQL. */
  position = (index: number): number => toOriginalIndex(this.replacements, index) + 1;

  private reject(message: string, byteLocation?: number): never {
    throw new QueryRejectedError(message, byteLocation === undefined ? undefined : this.position(this.toIndex(byteLocation)));
  }

  checkStatements(statements: ParsedStatement[]): Record<string, unknown> {
    if (statements.length === 0) throw new QueryRejectedError("The query is empty: write one SELECT statement");
    if (statements.length > 1) {
      this.reject(
        `Only one statement is allowed; found ${statements.length}. Remove everything after the first statement`,
        statements[1]?.stmt_location ?? undefined,
      );
    }
    const [nodeType, body] = Object.entries(statements[0]?.stmt ?? {})[0] ?? [];
    if (nodeType !== "SelectStmt" || typeof body !== "object" || body === null) {
      this.reject(
        `Only SELECT queries (optionally starting with WITH) are allowed, not ${statementName(nodeType ?? "unknown")}`,
        statements[0]?.stmt_location ?? 0,
      );
    }
    return body as Record<string, unknown>;
  }

  /**
   * Visits every node of the tree, whatever its type, so a construct the rules name is found wherever it hides. An
   * explicit stack instead of recursion: deeply nested SQL must not overflow the call stack here.
   */
  inspect(root: Record<string, unknown>): void {
    const stack: Array<[unknown, number | undefined]> = [[root, undefined]];
    while (stack.length > 0) {
      const [value, nearestLocation] = stack.pop()!;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], nearestLocation]);
        continue;
      }
      if (value === null || typeof value !== "object") continue;
      const node = value as Record<string, unknown>;
      const location = typeof node.location === "number" && node.location >= 0 ? node.location : nearestLocation;
      this.checkNode(node, location);
      const children = Object.values(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], location]);
    }
  }

  private checkNode(node: Record<string, unknown>, location: number | undefined): void {
    if (typeof node.relname === "string" && isDeniedRelation(node.relname)) {
      this.reject(`Reading ${node.relname} is not allowed: it exposes credentials, other sessions or raw data`, location);
    }
    if (Array.isArray(node.funcname)) this.checkFunction(node.funcname, location);
    const param = node.ParamRef as { number?: number; location?: number } | undefined;
    if (param && (param.number ?? 0) > this.placeholderCount) {
      this.reject(`Positional parameters like $${param.number} are not supported; declare a parameter and write :name`, param.location);
    }
    // Set operations hold their SELECTs bare (larg/rarg), so these are checked on any node that carries them.
    if ("intoClause" in node || "lockingClause" in node) this.checkSelect(node, location);
    for (const key of Object.keys(node)) {
      if (!key.endsWith("Stmt") || key === "SelectStmt") continue;
      const name = statementName(key);
      this.reject(
        key in DATA_MODIFYING
          ? `Data-modifying statements are not allowed anywhere in a query; found ${name} inside it`
          : `Only SELECT is allowed; found ${name} inside the query`,
        location,
      );
    }
  }

  private checkFunction(funcname: unknown[], location: number | undefined): void {
    const parts = funcname.map((part) => (part as { String?: { sval?: string } }).String?.sval ?? "");
    const name = parts[parts.length - 1] ?? "";
    const reason = deniedFunctionReason(name);
    if (reason) this.reject(`Function ${parts.join(".")}() is not allowed in a segment query: ${reason}`, location);
  }

  private checkSelect(select: Record<string, unknown>, location: number | undefined): void {
    const into = select.intoClause as { rel?: { location?: number } } | undefined;
    if (into) this.reject("SELECT INTO is not allowed: it creates a table", into.rel?.location ?? location);
    if (Array.isArray(select.lockingClause) && select.lockingClause.length > 0) {
      // The parse tree gives locking clauses no location; the scanner finds the FOR that starts one.
      const tokens = scanPostgres(this.sql);
      const text = (i: number) => (tokens[i] ? this.sql.slice(tokens[i].startIndex, tokens[i].endIndex).toLowerCase() : "");
      const forToken = tokens.findIndex((_, i) => text(i) === "for" && /^(update|share|no|key)$/.test(text(i + 1)));
      throw new QueryRejectedError(
        "Locking clauses (FOR UPDATE, FOR SHARE, …) are not allowed: segment queries only read",
        forToken === -1 ? undefined : this.position(tokens[forToken]!.startIndex),
      );
    }
  }
}

/**
 * Layer 1 of the governor for Postgres: the real PostgreSQL parser (libpg-query) decides what the SQL is. Exactly one
 * statement, a SELECT (WITH … SELECT, VALUES and TABLE included), nothing data-modifying, no SELECT INTO or locking
 * clause, no denied function or relation anywhere in the tree. Throws QueryRejectedError with a 1-based position.
 */
export async function analyzePostgresStatement(sql: string, parameters: SegmentParameter[]): Promise<AnalyzedPostgresQuery> {
  if (sql.length > GOVERNOR_LIMITS.maxSqlLength) {
    throw new QueryRejectedError(`The query is too long: at most ${GOVERNOR_LIMITS.maxSqlLength.toLocaleString("en-US")} characters`);
  }
  if (sql.trim() === "") throw new QueryRejectedError("The query is empty: write one SELECT statement");
  await loadPostgresParser();
  // Scanning costs as much as parsing, so it only runs when the SQL can contain a placeholder at all.
  const rewritten = sql.includes(":") ? rewritePostgresPlaceholders(sql, parameters) : { sql, names: [], replacements: [] };
  const analysis = new Analysis(rewritten.sql, rewritten.names.length, rewritten.replacements);

  let statements: ParsedStatement[];
  try {
    statements = (parseSync(rewritten.sql).stmts ?? []) as ParsedStatement[];
  } catch (error) {
    if (error instanceof RangeError) throw new QueryRejectedError("The query is nested too deeply to analyze; simplify it");
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    const message = details?.message ?? (error instanceof Error ? error.message : String(error));
    const cursor = details?.cursorPosition;
    throw new QueryRejectedError(
      `Syntax error: ${message}`,
      cursor === undefined ? undefined : analysis.position(codePointsToIndex(rewritten.sql, cursor)),
    );
  }

  analysis.inspect(analysis.checkStatements(statements));

  // Only separators and comments lie outside the one statement; blanking them keeps every offset unchanged.
  const { start, end } = analysis.statementRange(statements[0]!);
  const text = " ".repeat(start) + rewritten.sql.slice(start, end) + " ".repeat(rewritten.sql.length - end);
  return { sql: text, names: rewritten.names, toOriginalPosition: analysis.position };
}

/** Static analysis of segment SQL; returns the SQL with `:name` placeholders rewritten to `$1..$n`. */
export async function analyzePostgresQuery(sql: string, parameters: SegmentParameter[]): Promise<{ sql: string }> {
  const analyzed = await analyzePostgresStatement(sql, parameters);
  return { sql: analyzed.sql };
}
