import { ZodError } from "zod";
import { resolveRequestActor } from "@/server/auth/request-actor";
import { exportRunRecipientsCsv, exportRunRecipientsInput } from "@/server/domain/single-sends/runs";
import { DomainError, type DomainErrorCode } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

const statusOf: Partial<Record<DomainErrorCode, number>> = { NOT_FOUND: 404, INVALID: 400, FORBIDDEN: 403, UNAUTHORIZED: 401 };

const problem = (status: number, code: string, message: string) => Response.json({ code, message }, { status });

/**
 * GET /api/v1/single-sends/{id}/runs/{runId}/recipients.csv[?status=&skipReason=] — a streamed CSV of a run's
 * recipients. A route handler rather than a REST procedure because the body is a stream, not JSON.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; runId: string }> }) {
  const services = getServices();
  // With no credentials at all there is nothing to look up (and next-auth's session lookup needs a request scope).
  const hasCredentials = req.headers.has("authorization") || req.headers.has("cookie");
  const actor = hasCredentials ? await resolveRequestActor(services, req.headers) : null;
  if (!actor) return problem(401, "UNAUTHORIZED", "Sign in or send an API key (Authorization: Bearer <key>).");

  const { id, runId } = await params;
  const query = new URL(req.url).searchParams;
  try {
    const filters = exportRunRecipientsInput.parse({
      singleSendId: id,
      runId,
      status: query.get("status") || undefined,
      skipReason: query.get("skipReason") || undefined,
    });
    const body = await exportRunRecipientsCsv(services, actor, filters);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="run-${runId}-recipients.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ZodError) {
      const message = error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
      return problem(400, "BAD_REQUEST", message);
    }
    if (error instanceof DomainError) return problem(statusOf[error.code] ?? 500, error.code, error.message);
    logger().error({ err: error, runId }, "recipients CSV export failed");
    return problem(500, "INTERNAL_SERVER_ERROR", "Internal error; it has been logged.");
  }
}
