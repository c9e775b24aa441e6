import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export interface ApiError {
  code: TRPCError["code"];
  /** The message as the API sends it: zod problems rendered "field: message" like the tRPC error formatter does. */
  message: string;
}

/** Awaits a tRPC caller promise that must fail and returns the error the way a client would read it. */
export async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${error === null ? "success" : String(error)}`);
  const message =
    error.cause instanceof ZodError
      ? error.cause.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ")
      : error.message;
  return { code: error.code, message };
}
