import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

export interface TrpcErrorInfo {
  /** A sentence to show the user. */
  message: string;
  /** tRPC error code (e.g. "FORBIDDEN"), or null for network and non-tRPC errors. */
  code: string | null;
  /** Input field name -> message, from the server's zod validation; empty when the input was valid. */
  fieldErrors: Record<string, string>;
}

export function trpcErrorCode(error: unknown): string | null {
  return isTRPCClientError<AppRouter>(error) ? (error.data?.code ?? null) : null;
}

export function describeTrpcError(error: unknown): TrpcErrorInfo {
  if (!isTRPCClientError<AppRouter>(error)) {
    return { message: error instanceof Error && error.message ? error.message : "Something went wrong.", code: null, fieldErrors: {} };
  }
  const data = error.data;
  if (!data) {
    return { message: "Could not reach the server. Check your connection and try again.", code: null, fieldErrors: {} };
  }
  const fieldErrors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data.fieldErrors ?? {})) {
    if (Array.isArray(messages) && messages.length) fieldErrors[field] = messages.join(" ");
  }
  const message = data.code === "UNAUTHORIZED" ? "Your session has expired. Sign in again to continue." : error.message;
  return { message, code: data.code, fieldErrors };
}
