import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { openApiDocument, REST_BASE_PATH } from "./openapi";
import { appRouter } from "./root";

/**
 * Procedures anyone may call without signing in (login-adjacent or health-style). Adding one here is a
 * security decision: it needs a reason in review.
 */
const PUBLIC_PROCEDURES: readonly string[] = [];
const PUBLIC_REST_OPERATIONS: readonly string[] = [];

/** Floors, so an enumeration that silently finds nothing (a refactor of the router shape) cannot pass. */
const MIN_PROCEDURES = 25;
const MIN_REST_OPERATIONS = 20;

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

let t: TestEnvironment;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());

type AnyCall = (input: unknown) => Promise<unknown>;

function procedureAt(caller: unknown, path: string): AnyCall {
  const target = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  if (typeof target !== "function") throw new Error(`caller has no procedure at ${path}`);
  return target as AnyCall;
}

function restOperations(): { key: string; method: string; url: string }[] {
  const doc = openApiDocument("http://localhost");
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      url: `http://localhost${REST_BASE_PATH}${path.replace(/\{[^}]+\}/g, () => randomUUID())}`,
    })),
  );
}

async function sendRest(operation: { method: string; url: string }, authorization?: string): Promise<Response> {
  const headers = new Headers();
  if (authorization) headers.set("authorization", authorization);
  const hasBody = BODY_METHODS.has(operation.method);
  if (hasBody) headers.set("content-type", "application/json");
  const req = new Request(operation.url, { method: operation.method, headers, body: hasBody ? "{}" : undefined });
  return t.rest(req);
}

describe("nothing is open by accident", () => {
  it("refuses every tRPC procedure to an anonymous caller", async () => {
    const paths = Object.keys(appRouter._def.procedures);
    expect(paths.length).toBeGreaterThanOrEqual(MIN_PROCEDURES);
    for (const path of PUBLIC_PROCEDURES) expect(paths, `allow-listed ${path} no longer exists`).toContain(path);

    const anonymous = t.caller(null);
    const open: string[] = [];
    for (const path of paths.filter((p) => !PUBLIC_PROCEDURES.includes(p))) {
      const outcome = await procedureAt(anonymous, path)(undefined).then(
        () => "succeeded",
        (error: unknown) => (error as { code?: string }).code ?? String(error),
      );
      if (outcome !== "UNAUTHORIZED") open.push(`${path}: ${outcome}`);
    }
    expect(open).toEqual([]);
  });

  it("answers 401 to every REST operation without credentials", async () => {
    const operations = restOperations();
    expect(operations.length).toBeGreaterThanOrEqual(MIN_REST_OPERATIONS);
    const open: string[] = [];
    for (const operation of operations.filter((o) => !PUBLIC_REST_OPERATIONS.includes(o.key))) {
      const res = await sendRest(operation);
      if (res.status !== 401) open.push(`${operation.key}: ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it("answers 401 to every REST operation with an unknown API key", async () => {
    const operations = restOperations();
    expect(operations.length).toBeGreaterThanOrEqual(MIN_REST_OPERATIONS);
    const open: string[] = [];
    for (const operation of operations.filter((o) => !PUBLIC_REST_OPERATIONS.includes(o.key))) {
      const res = await sendRest(operation, "Bearer eo_wrong");
      if (res.status !== 401) open.push(`${operation.key}: ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it("lets a valid API key through the same handler, so the 401s above are not an artefact of the test", async () => {
    const { actor } = await createTestUser(t.services);
    const { key } = await t.caller(actor).apiKeys.create({ name: "access-control test" });
    const me = restOperations().find((o) => o.key === "GET /me");
    if (!me) throw new Error("GET /me is missing from the OpenAPI document");
    const res = await sendRest(me, `Bearer ${key}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "api_key", label: "access-control test" });
  });
});
