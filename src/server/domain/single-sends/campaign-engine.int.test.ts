import fc from "fast-check";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { devInboxMessages } from "@/server/db/schema";
import type { Actor } from "@/server/domain/auth/actor";
import { closeAllDataConnectorAdapters } from "@/server/domain/data-connectors/adapter-cache";
import { closeAllEmailProviders } from "@/server/domain/email-connectors/provider-cache";
import { createMetrics } from "@/server/lib/metrics";
import {
  createAudienceTable,
  createCreditsSegment,
  createPublishedTemplate,
  createSender,
  createWarehouseConnector,
} from "@/test/campaign-fixtures";
import { createTestUser } from "@/test/factories";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { startWorkers, type WorkerPool } from "../../../../worker/workers";
import { buildSnapshots } from "./run-lifecycle";

let t: TestEnvironment;
let admin: Actor;
let pool: WorkerPool | undefined;

const ACTIVATION = [
  { subjectId: "alice", email: "Alice@Example.com", credits: -5, firstName: "Alice" },
  { subjectId: "bob", email: "bob@example.com", credits: 3, firstName: "Bob" },
  { subjectId: "charlie", email: "charlie@example.com", credits: 15, firstName: "Charlie" },
  { subjectId: "diana", email: "diana@example.com", credits: 50, firstName: "Diana" },
];

/** The design document's "Activation Emails" group: four priorities, everyone qualifies for the weekly summary. */
const CAMPAIGNS = [
  { priority: 1, name: "Critical: Account Suspended", where: "credits < 0" },
  { priority: 2, name: "Urgent: Low Credits", where: "credits < 5" },
  { priority: 3, name: "Reminder: Credits Running Low", where: "credits < 20" },
  { priority: 4, name: "Engagement: Weekly Summary", where: undefined },
] as const;

interface Setup {
  segmentIds: string[];
  templateIds: string[];
  senderProfileId: string;
}
let setup: Setup;

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await t.rest(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      // Action endpoints (trigger) are called bare, as `curl -X POST` would: no body, no content type.
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    admin,
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

interface RunView {
  id: string;
  singleSendId: string;
  status: string;
  triggerId: string;
  counts: { total: number; sent: number; queued: number; skippedByReason: Record<string, number> };
}
interface RecipientView {
  subjectId: string;
  status: string;
  skipReason: string | null;
}

async function createGroup(policy: string): Promise<{ groupId: string; sendIds: string[] }> {
  const group = await api<{ id: string }>("POST", "/campaign-groups", {
    name: `Activation Emails ${policy} ${Math.random().toString(36).slice(2, 7)}`,
    description: "Reference scenario",
    collisionWindow: 86_400,
    collisionPolicy: policy,
  });
  const sendIds: string[] = [];
  for (const [index, campaign] of CAMPAIGNS.entries()) {
    const send = await api<{ id: string }>("POST", "/single-sends", {
      name: `${campaign.name} (${group.id.slice(0, 4)})`,
      campaignGroupId: group.id,
      priority: campaign.priority,
      segmentId: setup.segmentIds[index],
      segmentParams: {},
      templateId: setup.templateIds[index],
      senderProfileId: setup.senderProfileId,
    });
    sendIds.push(send.id);
  }
  return { groupId: group.id, sendIds };
}

const getRun = (sendId: string, runId: string) => api<RunView>("GET", `/single-sends/${sendId}/runs/${runId}`);

async function recipientsOf(sendId: string, runId: string): Promise<Map<string, string>> {
  const page = await api<{ items: RecipientView[] }>("GET", `/single-sends/${sendId}/runs/${runId}/recipients?pageSize=100`);
  return new Map(page.items.map((r) => [r.subjectId, r.skipReason ?? r.status]));
}

async function waitFinished(runs: { id: string; singleSendId: string }[]): Promise<RunView[]> {
  return vi.waitFor(
    async () => {
      const views = await Promise.all(runs.map((run) => getRun(run.singleSendId, run.id)));
      for (const view of views) expect(["COMPLETED", "FAILED", "CANCELLED"], `run ${view.id} is ${view.status}`).toContain(view.status);
      return views;
    },
    { timeout: 60_000, interval: 100 },
  );
}

/** Who received which subject line in the dev inbox, e.g. alice@example.com → ["Critical: Account Suspended"]. */
async function inbox(): Promise<Record<string, string[]>> {
  const rows = await t.services.db.select({ to: devInboxMessages.to, subject: devInboxMessages.subject }).from(devInboxMessages);
  const byAddress: Record<string, string[]> = {};
  for (const row of rows) (byAddress[row.to] ??= []).push(row.subject);
  for (const subjects of Object.values(byAddress)) subjects.sort();
  return byAddress;
}

const EXPECTED_INBOX = {
  "alice@example.com": ["Critical: Account Suspended"],
  "bob@example.com": ["Urgent: Low Credits"],
  "charlie@example.com": ["Reminder: Credits Running Low"],
  "diana@example.com": ["Engagement: Weekly Summary"],
};

async function startPool(): Promise<void> {
  pool = await startWorkers({ services: t.services, log: pino({ level: "silent" }), metrics: createMetrics({ queues: t.services.queues, process: "worker" }) });
}

async function stopPool(): Promise<void> {
  await pool?.close();
  pool = undefined;
}

beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(async () => {
  await stopPool();
  await closeAllDataConnectorAdapters();
  await closeAllEmailProviders();
  await t.teardown();
});
beforeEach(async () => {
  await stopPool();
  await closeAllDataConnectorAdapters();
  await t.truncate();
  admin = (await createTestUser(t.services, { role: "admin" })).actor;
  await createAudienceTable(t.services, "activation", ACTIVATION);
  const connectorId = await createWarehouseConnector(t.services, admin, t.databaseUrl);
  const segmentIds: string[] = [];
  const templateIds: string[] = [];
  for (const [index, campaign] of CAMPAIGNS.entries()) {
    segmentIds.push((await createCreditsSegment(t.services, admin, { name: campaign.name, dataConnectorId: connectorId, schema: "activation", where: campaign.where })).id);
    templateIds.push((await createPublishedTemplate(t.services, admin, { key: `activation-${index + 1}`, subject: campaign.name })).id);
  }
  const sender = await createSender(t.services, admin);
  setup = { segmentIds, templateIds, senderProfileId: sender.id };
});

describe("campaign engine: the Activation Emails scenario through the public API, dev inbox", { timeout: 120_000 }, () => {
  it("HIGHEST_PRIORITY_WINS: each person receives only their highest-priority email; a re-trigger inside the window sends nothing", async () => {
    await startPool();
    const { groupId, sendIds } = await createGroup("HIGHEST_PRIORITY_WINS");
    const runs = await api<RunView[]>("POST", `/campaign-groups/${groupId}/trigger`);
    expect(runs).toHaveLength(4);
    expect(new Set(runs.map((run) => run.triggerId)).size).toBe(1);
    const finished = await waitFinished(runs);
    expect(finished.map((run) => run.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(await inbox()).toEqual(EXPECTED_INBOX);

    const weekly = await recipientsOf(sendIds[3] as string, runs[3]?.id as string);
    expect(Object.fromEntries(weekly)).toEqual({
      alice: "collision:lower_priority",
      bob: "collision:lower_priority",
      charlie: "collision:lower_priority",
      diana: "sent",
    });

    const again = await api<RunView[]>("POST", `/campaign-groups/${groupId}/trigger`);
    const second = await waitFinished(again);
    expect(second.reduce((sum, run) => sum + run.counts.sent, 0)).toBe(0);
    expect(second.reduce((sum, run) => sum + (run.counts.skippedByReason["collision:already_sent"] ?? 0), 0)).toBe(10);
    expect(await inbox()).toEqual(EXPECTED_INBOX);
  });

  it("FIRST_QUEUED_WINS: the run that queued a person first keeps them (collision:already_queued)", async () => {
    const { sendIds } = await createGroup("FIRST_QUEUED_WINS");
    // The weekly summary queues everyone first; the critical email comes second and must not take Alice away.
    const weekly = await api<RunView>("POST", `/single-sends/${sendIds[3]}/trigger`);
    await buildSnapshots(t.services, { triggerId: weekly.triggerId }, { attempt: 1, maxAttempts: 1 });
    // A JSON content type with an empty body is an action call too, not a parse error.
    const response = await t.rest(
      new Request(`http://localhost/api/v1/single-sends/${sendIds[0]}/trigger`, { method: "POST", headers: { "content-type": "application/json" } }),
      admin,
    );
    expect(response.status).toBe(200);
    const critical = (await response.json()) as RunView;
    await buildSnapshots(t.services, { triggerId: critical.triggerId }, { attempt: 1, maxAttempts: 1 });
    expect(Object.fromEntries(await recipientsOf(sendIds[0] as string, critical.id))).toEqual({ alice: "collision:already_queued" });

    await startPool();
    await waitFinished([weekly, critical]);
    expect(await inbox()).toEqual({
      "alice@example.com": ["Engagement: Weekly Summary"],
      "bob@example.com": ["Engagement: Weekly Summary"],
      "charlie@example.com": ["Engagement: Weekly Summary"],
      "diana@example.com": ["Engagement: Weekly Summary"],
    });
  });

  it("HIGHEST_PRIORITY_WINS cancels a lower-priority recipient still queued and unsent", async () => {
    const { sendIds } = await createGroup("HIGHEST_PRIORITY_WINS");
    const weekly = await api<RunView>("POST", `/single-sends/${sendIds[3]}/trigger`);
    await buildSnapshots(t.services, { triggerId: weekly.triggerId }, { attempt: 1, maxAttempts: 1 });
    const critical = await api<RunView>("POST", `/single-sends/${sendIds[0]}/trigger`);
    await buildSnapshots(t.services, { triggerId: critical.triggerId }, { attempt: 1, maxAttempts: 1 });
    expect((await recipientsOf(sendIds[3] as string, weekly.id)).get("alice")).toBe("collision:lower_priority");

    await startPool();
    await waitFinished([weekly, critical]);
    expect((await inbox())["alice@example.com"]).toEqual(["Critical: Account Suspended"]);
  });

  it("SEND_ALL: everyone receives every email they qualify for", async () => {
    await startPool();
    const { groupId } = await createGroup("SEND_ALL");
    await waitFinished(await api<RunView[]>("POST", `/campaign-groups/${groupId}/trigger`));
    const received = await inbox();
    expect(received["alice@example.com"]).toHaveLength(4);
    expect(received["bob@example.com"]).toHaveLength(3);
    expect(received["charlie@example.com"]).toHaveLength(2);
    expect(received["diana@example.com"]).toEqual(["Engagement: Weekly Summary"]);
  });

  it("suppressed and unsubscribed addresses are skipped with their reason", async () => {
    await api("POST", "/suppressions", { email: "BOB@example.com", reason: "bounce" });
    await api("POST", "/suppressions", { email: "charlie@example.com", reason: "unsubscribe" });
    await startPool();
    const { groupId, sendIds } = await createGroup("SEND_ALL");
    const runs = await api<RunView[]>("POST", `/campaign-groups/${groupId}/trigger`);
    await waitFinished(runs);
    const weekly = await recipientsOf(sendIds[3] as string, runs[3]?.id as string);
    expect(weekly.get("bob")).toBe("suppression:bounce");
    expect(weekly.get("charlie")).toBe("suppression:unsubscribe");
    const received = await inbox();
    expect(received["bob@example.com"]).toBeUndefined();
    expect(received["charlie@example.com"]).toBeUndefined();
  });

  it("property: for every trigger order of runs built before sending, HIGHEST_PRIORITY_WINS gives the same outcome", async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), async (order) => {
        await stopPool();
        await t.services.sql`truncate single_send_runs, single_send_recipients, send_log, sends, dev_inbox_messages cascade`;
        const { sendIds } = await createGroup("HIGHEST_PRIORITY_WINS");
        const runs: RunView[] = [];
        for (const index of order) {
          const run = await api<RunView>("POST", `/single-sends/${sendIds[index]}/trigger`);
          await buildSnapshots(t.services, { triggerId: run.triggerId }, { attempt: 1, maxAttempts: 1 });
          runs.push(run);
        }
        await startPool();
        await waitFinished(runs);
        expect(await inbox()).toEqual(EXPECTED_INBOX);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
