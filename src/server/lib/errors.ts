export type DomainErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID"
  | "FORBIDDEN"
  | "UNAUTHORIZED"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  /** The request was valid but running it failed (a customer query timed out, a provider refused). */
  | "QUERY_FAILED";

/** The only error domain code throws on purpose; its message is shown to the user as is. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (entity: string, id: string) => new DomainError("NOT_FOUND", `${entity} ${id} was not found`);
