import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { describeTrpcError, trpcErrorCode } from "./errors";

function serverError(code: string, message: string, fieldErrors?: Record<string, string[]>) {
  return TRPCClientError.from({ error: { code: -32600, message, data: { code, httpStatus: 400, path: "users.create", fieldErrors } } });
}

describe("describeTrpcError", () => {
  it("returns the server message and one message per invalid field", () => {
    const info = describeTrpcError(
      serverError("BAD_REQUEST", "email: Enter a valid email address", { email: ["Enter a valid email address"], password: ["Too short", "Too simple"] }),
    );
    expect(info).toEqual({
      message: "email: Enter a valid email address",
      code: "BAD_REQUEST",
      fieldErrors: { email: "Enter a valid email address", password: "Too short Too simple" },
    });
  });

  it("keeps domain messages such as the last-admin rule as they are", () => {
    const info = describeTrpcError(serverError("PRECONDITION_FAILED", "The last admin cannot be deleted."));
    expect(info.message).toBe("The last admin cannot be deleted.");
    expect(info.fieldErrors).toEqual({});
  });

  it("tells the user to sign in again when the session is gone", () => {
    expect(describeTrpcError(serverError("UNAUTHORIZED", "Sign in or send an API key")).message).toMatch(/sign in again/i);
  });

  it("explains network failures, which carry no server data", () => {
    const info = describeTrpcError(TRPCClientError.from(new TypeError("Failed to fetch")));
    expect(info.code).toBeNull();
    expect(info.message).toMatch(/could not reach the server/i);
  });

  it("handles non-tRPC errors", () => {
    expect(describeTrpcError(new Error("boom")).message).toBe("boom");
    expect(describeTrpcError("???").message).toBe("Something went wrong.");
    expect(trpcErrorCode(new Error("boom"))).toBeNull();
    expect(trpcErrorCode(serverError("FORBIDDEN", "Only admins can do this."))).toBe("FORBIDDEN");
  });
});
