import { DomainError } from "@/server/lib/errors";

/** The governor refused the SQL before it reached a database. `position` is a 1-based character offset when known. */
export class QueryRejectedError extends DomainError {
  constructor(message: string, position?: number) {
    super("INVALID", position === undefined ? message : `${message} (at character ${position})`, position === undefined ? undefined : { position });
    this.name = "QueryRejectedError";
  }
}

/** The SQL was allowed but running it failed: timeout, row cap, runtime error in the customer database. */
export class QueryExecutionError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("QUERY_FAILED", message, details);
    this.name = "QueryExecutionError";
  }
}
