import { initTRPC, TRPCError } from "@trpc/server";
import type { Logger } from "pino";
import postgres from "postgres";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, z } from "zod";
import type { Actor } from "@/server/domain/auth/actor";
import { DomainError, type DomainErrorCode } from "@/server/lib/errors";
import type { Services } from "@/server/services";

export interface TRPCContext {
  services: Services;
  actor: Actor | null;
  log: Logger;
}

const domainToTrpcCode: Record<DomainErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  QUERY_FAILED: "UNPROCESSABLE_CONTENT",
};

function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      return {
        ...shape,
        message: zodError ? describeZodError(zodError) : shape.message,
        data: {
          ...shape.data,
          stack: undefined,
          fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : undefined,
          details: error.cause instanceof DomainError ? error.cause.details : undefined,
        },
      };
    },
  });

/**
 * Turns the errors domain code throws on purpose into the matching tRPC (and so HTTP) status, and keeps anything
 * unexpected from leaking internals: it is logged and answered with a generic 500.
 */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: domainToTrpcCode[cause.code], message: cause.message, cause });
  }
  if (cause instanceof postgres.PostgresError && cause.code === "23505") {
    throw new TRPCError({ code: "CONFLICT", message: `Already exists: ${cause.detail ?? cause.message}`, cause });
  }
  if (cause instanceof postgres.PostgresError && cause.code === "23503") {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "This record is still referenced by other records; remove those first.",
      cause,
    });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.log.error({ err: cause ?? result.error, path }, "unhandled error in procedure");
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal error; it has been logged." });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Only login-adjacent and health-style procedures may use this; every other procedure is protected. */
export const publicProcedure = t.procedure.use(errorMapping);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in or send an API key (Authorization: Bearer <key>)." });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this." });
  return next();
});
