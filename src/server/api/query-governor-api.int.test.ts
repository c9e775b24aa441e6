import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segments } from "@/server/db/schema";
import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-factory";
import { attackQueries, legitimateQueries } from "@/server/domain/query-governor/attack-corpus";
import { createCanaryDatabase, type CanaryDatabase } from "@/test/canary-database";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";

let t: TestEnvironment;
let canary: CanaryDatabase;
let apiKey: string;
let dataConnectorId: string;

beforeAll(async () => {
  t = await createTestEnvironment();
  canary = await createCanaryDatabase();
  const { actor } = await createTestUser(t.services);
  ({ key: apiKey } = await t.caller(actor).apiKeys.create({ name: "governor corpus" }));
  ({ id: dataConnectorId } = await t.caller(actor).dataConnectors.create({
    type: "POSTGRES",
    name: "Canary warehouse",
    config: { connectionString: canary.url },
  }));
});
afterAll(async () => {
  await closeAllDataConnectorAdapters();
  await canary.drop();
  await t.teardown();
});

function post(path: string, body: unknown): Promise<Response> {
  return t.rest(
    new Request(`http://localhost/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

describe("Query Governor through the public REST API, against a canary Postgres database", () => {
  it(`refuses all ${attackQueries.length} attack queries when a segment is saved, naming the problem, and changes nothing`, async () => {
    const before = await canary.state();
    for (const [index, attack] of attackQueries.entries()) {
      const response = await post("/segments", { name: `attack ${index}`, sqlQuery: attack.sql, dataConnectorId });
      const body = (await response.json()) as { message: string };
      expect(response.status, `${attack.category}: ${attack.sql}`).toBe(400);
      // An empty string never reaches the governor: input validation names the empty field first.
      expect(body.message, attack.sql).toMatch(attack.sql === "" ? /sqlQuery: SQL is required/ : attack.message);
    }
    expect(await t.services.db.select().from(segments)).toEqual([]);
    expect(await canary.state()).toEqual(before);
  });

  it(`saves and dry-runs all ${legitimateQueries.length} legitimate queries`, async () => {
    for (const query of legitimateQueries) {
      const saved = await post("/segments", {
        name: query.name,
        sqlQuery: query.sql,
        dataConnectorId,
        parameters: query.parameters ?? [],
      });
      expect(saved.status, `${query.name}: ${JSON.stringify(await saved.clone().json())}`).toBe(200);
      const { id } = (await saved.json()) as { id: string };

      const dryRun = await post(`/segments/${id}/dry-run`, { params: query.values ?? {} });
      const result = (await dryRun.json()) as { count?: number; columns?: Array<{ name: string }>; message?: string };
      if (/subject_id/.test(query.sql)) {
        expect(dryRun.status, `${query.name}: ${result.message ?? ""}`).toBe(200);
        expect(result.columns?.map((c) => c.name)).toEqual(expect.arrayContaining(["subject_id", "email"]));
        expect(result.count).toBeGreaterThan(0);
      } else {
        // Valid SQL, but a segment must return subject_id and email: a clear 422, not a crash.
        expect(dryRun.status, query.name).toBe(422);
        expect(result.message).toMatch(/subject_id/);
      }
    }
  });
});
