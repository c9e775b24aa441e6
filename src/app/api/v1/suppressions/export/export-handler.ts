import type { Logger } from "pino";
import type { Sql } from "postgres";
import type { Database } from "@/server/db/client";
import type { Actor } from "@/server/domain/auth/actor";
import { exportSuppressionsCsv } from "@/server/domain/suppressions/export";
import { DomainError } from "@/server/lib/errors";

export interface SuppressionsExportDeps {
  db: Database;
  sql: Sql;
  log: Logger;
  /** Who sent the request (session cookie or bearer API key), null when anonymous. */
  resolveActor: (headers: Headers) => Promise<Actor | null>;
}

const problem = (status: number, code: string, message: string) => Response.json({ code, message }, { status });

function streamOf(chunks: AsyncGenerator<string, void, undefined>, log: Logger): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        log.error({ err: error }, "suppressions export failed mid-stream");
        controller.error(error);
      }
    },
    /** The client went away: closes the database cursor instead of reading the rest. */
    async cancel() {
      await chunks.return();
    },
  });
}

/**
 * GET /api/v1/suppressions/export?search=&reason= — the same filters as the list, every match as CSV. A route
 * handler rather than a REST procedure because the body is streamed text, not JSON.
 */
export async function handleSuppressionsExport(deps: SuppressionsExportDeps, request: Request): Promise<Response> {
  const actor = await deps.resolveActor(request.headers);
  if (!actor) return problem(401, "UNAUTHORIZED", "Sign in or send an API key (Authorization: Bearer <key>).");
  const params = new URL(request.url).searchParams;
  const filters = { search: params.get("search") ?? undefined, reason: params.get("reason") || undefined };
  let chunks: AsyncGenerator<string, void, undefined>;
  try {
    chunks = await exportSuppressionsCsv(deps, actor, filters);
  } catch (error) {
    if (error instanceof DomainError && error.code === "INVALID") return problem(400, "BAD_REQUEST", error.message);
    throw error;
  }
  const date = new Date().toISOString().slice(0, 10);
  return new Response(streamOf(chunks, deps.log), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="suppressions-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
