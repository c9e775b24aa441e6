import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { REST_BASE_PATH } from "./openapi";
import { appRouter } from "./root";
import type { TRPCContext } from "./trpc";

interface ValidationIssue {
  path?: Array<string | number>;
  message?: string;
}

/**
 * trpc-to-openapi answers every input error with the fixed message "Input validation failed"; REST callers get the
 * same "field: problem" message as the dashboard, with the issues kept alongside.
 */
async function withDescriptiveValidationMessage(response: Response): Promise<Response> {
  if (response.status !== 400 || !response.headers.get("content-type")?.includes("application/json")) return response;
  const body = (await response.json()) as { message?: string; issues?: ValidationIssue[] };
  if (Array.isArray(body.issues) && body.issues.length > 0) {
    body.message = body.issues
      .map((issue) => (issue.path?.length ? `${issue.path.join(".")}: ${issue.message}` : (issue.message ?? "invalid")))
      .join("; ");
  }
  return Response.json(body, { status: response.status, headers: response.headers });
}

/**
 * Action endpoints such as `POST /single-sends/{id}/trigger` take no body; trpc-to-openapi would answer a bare
 * `curl -X POST` with 415 (or 400 with a JSON content type), so an empty body is handed on as an empty JSON object.
 */
async function withEmptyJsonBody(req: Request): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const body = await req.text();
  if (body.trim() !== "") return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/json");
  return new Request(req.url, { method: req.method, headers, body: "{}", signal: req.signal });
}

export async function handleRestRequest(req: Request, createContext: () => Promise<TRPCContext>): Promise<Response> {
  const request = await withEmptyJsonBody(req);
  const response = await createOpenApiFetchHandler({ endpoint: REST_BASE_PATH, router: appRouter, createContext, req: request });
  return withDescriptiveValidationMessage(response);
}
