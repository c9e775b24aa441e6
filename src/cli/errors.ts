import postgres from "postgres";
import { ZodError } from "zod";
import { InvalidEnvironmentError } from "@/server/lib/env";
import { DomainError } from "@/server/lib/errors";

const RUN_MIGRATE = "run `npm run emailops -- migrate` first";

function connectionCode(error: Error): string | undefined {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The message for an error the operator can fix (bad input, bad environment, missing database); null for a bug,
 * whose stack trace is worth printing.
 */
export function describeExpectedError(error: unknown): string | null {
  if (error instanceof InvalidEnvironmentError || error instanceof DomainError) return error.message;
  if (error instanceof ZodError) {
    return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("\n");
  }
  if (error instanceof postgres.PostgresError) {
    if (error.code === "3D000") return `${error.message}; ${RUN_MIGRATE}.`;
    if (error.code === "42P01") return `${error.message}: the database is not migrated; ${RUN_MIGRATE}.`;
    return `Database error: ${error.message}${error.detail ? ` (${error.detail})` : ""}`;
  }
  if (error instanceof Error && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"].includes(connectionCode(error) ?? "")) {
    return `Cannot connect: ${error.message}. Is the server running and is DATABASE_URL right?`;
  }
  return null;
}
