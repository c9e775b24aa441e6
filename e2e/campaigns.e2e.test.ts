import type { Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { browserPagePerTest, createApiKeyWithCli, signIn } from "./browser";

const { baseURL } = inject("e2e");
const GROUP_NAME = "E2E Activation";
const SEGMENT_NAME = "E2E Activation customers";
const HIGH_PRIORITY_SEND = "E2E Credits alert";
const LOW_PRIORITY_SEND = "E2E Credits reminder";
const FOLLOW_UP_SEND = "E2E Credits follow-up";
/** The run page polls every 2 s and the worker builds + sends a handful of emails: a few seconds each. */
const RUN_TIMEOUT = { timeout: 30_000 };

const session = browserPagePerTest();
let page: Page;

async function api<T>(path: string, apiKey: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${baseURL}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...init.headers },
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body as T;
}

/**
 * The four reference customers of the demo warehouse (Alice -5 credits, Bob 3, Charlie 15, Diana 50) behind a
 * `:threshold`, so the two single sends of the group select overlapping audiences of three and four people: small
 * enough for the demo sender profile's bucket, with collisions to see.
 */
async function createReferenceCustomersSegment(): Promise<void> {
  const apiKey = await createApiKeyWithCli("e2e-campaigns");
  const connectors = await api<Array<{ id: string; name: string }>>("/data-connectors", apiKey);
  const warehouse = connectors.find((connector) => connector.name === "Demo warehouse");
  if (!warehouse) throw new Error(`No "Demo warehouse" connector among ${connectors.map((c) => c.name).join(", ")}`);
  await api("/segments", apiKey, {
    method: "POST",
    body: JSON.stringify({
      name: SEGMENT_NAME,
      dataConnectorId: warehouse.id,
      sqlQuery:
        "select subject_id, email, first_name, credits from demo.customers\n" +
        "where subject_id in ('cus_alice', 'cus_bob', 'cus_charlie', 'cus_diana') and credits < :threshold\norder by subject_id",
      parameters: [{ name: "threshold", type: "number", default: 20 }],
    }),
  });
}

async function choose(label: string, option: string | RegExp): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("option", { name: option }).click();
}

interface SingleSendFields {
  name: string;
  /** Left as the form has it when undefined (e.g. preselected by the group's "New single send in this group"). */
  group?: string;
  priority: number;
  threshold: number;
}

/** Fills the single send form on /single-sends/new and saves it; resolves on the new send's page. */
async function createSingleSendInForm(fields: SingleSendFields): Promise<void> {
  await page.getByRole("heading", { name: "New single send" }).waitFor();
  await page.getByLabel("Name", { exact: true }).fill(fields.name);
  if (fields.group !== undefined) await choose("Campaign group", fields.group);
  await page.getByLabel("Priority", { exact: true }).fill(String(fields.priority));
  await choose("Segment", SEGMENT_NAME);
  await page.getByLabel(":threshold").fill(String(fields.threshold));
  await choose("Template", /^Credits running low/);
  await choose("Sender profile", /^Acme Demo/);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(/\/single-sends\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { name: fields.name }).waitFor();
}

const heading = () => page.getByRole("heading", { level: 1 });

/** A count of the run page's progress card (Total, Queued, Sent, Failed, Unconfirmed, Skipped). */
const runCount = (label: string) =>
  page
    .locator("dl > div", { has: page.getByRole("term").getByText(label, { exact: true }) })
    .getByRole("definition")
    .textContent();

/** On a run page: waits until the run has settled as COMPLETED and checks its counts. */
async function waitForCompletedRun(counts: { total: number; sent: number; skipped: number }): Promise<void> {
  await expect.poll(() => heading().textContent(), RUN_TIMEOUT).toMatch(/Completed$/);
  await expect.poll(() => page.getByText(`${counts.total} of ${counts.total} recipients have an outcome`).count()).toBe(1);
  expect(await page.getByRole("progressbar", { name: "Run progress" }).getAttribute("aria-valuenow")).toBe("100");
  expect({ total: await runCount("Total"), sent: await runCount("Sent"), skipped: await runCount("Skipped"), failed: await runCount("Failed") }).toEqual({
    total: String(counts.total),
    sent: String(counts.sent),
    skipped: String(counts.skipped),
    failed: "0",
  });
}

/** The recipients table's rows as text (subject, email, status, skip reason, …), header left out. */
async function recipientRows(): Promise<string[]> {
  const texts = await page.getByRole("region", { name: "Recipients" }).getByRole("row").allTextContents();
  return texts.slice(1);
}

beforeAll(createReferenceCustomersSegment);
beforeEach(() => {
  page = session.page;
});

describe("campaign journey", () => {
  it("groups two single sends, triggers the group, watches the runs, unsubscribes from the email, and the next run skips that person", async () => {
    await signIn(page);

    await page.getByRole("link", { name: "Campaign groups", exact: true }).click();
    await page.getByRole("button", { name: "New campaign group" }).first().click();
    const groupDialog = page.getByRole("dialog", { name: "New campaign group" });
    await groupDialog.getByLabel("Name", { exact: true }).fill(GROUP_NAME);
    await groupDialog.getByLabel("Collision window", { exact: true }).fill("24");
    await choose("Window unit", "Hours");
    await choose("Collision policy", "Highest priority wins");
    await groupDialog.getByRole("button", { name: "Create group", exact: true }).click();
    await page.waitForURL(/\/campaign-groups\/[0-9a-f-]{36}$/);
    const groupUrl = page.url();
    await expect.poll(() => heading().textContent()).toBe(GROUP_NAME);
    await expect.poll(() => page.getByText("24 h window · 0 single sends").count()).toBe(1);

    await page.getByRole("link", { name: "New single send in this group" }).click();
    await createSingleSendInForm({ name: HIGH_PRIORITY_SEND, priority: 10, threshold: 20 });
    await expect.poll(() => page.getByRole("link", { name: GROUP_NAME, exact: true }).count()).toBe(1);

    await page.getByRole("link", { name: "Single sends", exact: true }).click();
    await page.getByRole("link", { name: "New single send" }).first().click();
    await createSingleSendInForm({ name: LOW_PRIORITY_SEND, group: GROUP_NAME, priority: 20, threshold: 100 });

    await page.getByRole("link", { name: GROUP_NAME, exact: true }).click();
    await page.waitForURL(groupUrl);
    const members = page.getByRole("region", { name: "Members" }).getByRole("row");
    await expect.poll(() => members.count()).toBe(3);
    expect(await members.nth(1).textContent()).toContain(HIGH_PRIORITY_SEND);
    expect(await members.nth(2).textContent()).toContain(LOW_PRIORITY_SEND);

    await page.getByRole("button", { name: "Trigger group", exact: true }).click();
    const confirmTrigger = page.getByRole("alertdialog", { name: `Trigger “${GROUP_NAME}”?` });
    await expect.poll(() => confirmTrigger.getByText("2 active single sends", { exact: false }).count()).toBe(1);
    await confirmTrigger.getByRole("button", { name: "Trigger group", exact: true }).click();
    const startedRuns = page.getByRole("region", { name: "Runs just started" });
    await startedRuns.getByRole("link", { name: LOW_PRIORITY_SEND }).click();
    await page.waitForURL(/\/single-sends\/[0-9a-f-]{36}\/runs\/[0-9a-f-]{36}$/);

    await waitForCompletedRun({ total: 4, sent: 1, skipped: 3 });
    const collisions = page.getByRole("button", { name: "Show the 3 recipients skipped as Collision: lower priority" });
    await collisions.click();
    await expect.poll(() => page.getByLabel("Skip reason", { exact: true }).textContent()).toBe("Collision: lower priority");
    await expect.poll(recipientRows).toEqual([
      expect.stringMatching(/^cus_alicealice@example\.comSkippedCollision: lower priority/),
      expect.stringMatching(/^cus_bobbob@example\.comSkippedCollision: lower priority/),
      expect.stringMatching(/^cus_charliecharlie@example\.comSkippedCollision: lower priority/),
    ]);
    await choose("Status", "Sent");
    await choose("Skip reason", "Any reason");
    await expect.poll(recipientRows).toEqual([expect.stringMatching(/^cus_dianadiana@example\.comSent—/)]);

    await page.goBack();
    await page.waitForURL(groupUrl);
    await expect.poll(() => members.nth(1).textContent(), RUN_TIMEOUT).toMatch(/Completed/);
    await expect.poll(() => members.nth(2).textContent(), RUN_TIMEOUT).toMatch(/Completed/);
    await expect.poll(() => page.getByText("Total prevented", { exact: true }).locator("..").textContent(), RUN_TIMEOUT).toBe("Total prevented3");

    await page.getByRole("link", { name: "Dev inbox", exact: true }).click();
    await page.getByLabel("Recipient", { exact: true }).fill("alice@example.com");
    const aliceEmail = page.getByRole("button", { name: "Alice, you have -5 credits left" });
    await expect.poll(() => aliceEmail.count(), RUN_TIMEOUT).toBe(1);
    await aliceEmail.click();
    const message = page.getByRole("article", { name: "Email: Alice, you have -5 credits left" });
    const body = message.frameLocator('iframe[title^="HTML body"]');
    const unsubscribeUrl = await body.getByRole("link", { name: "Unsubscribe" }).getAttribute("href");
    expect(unsubscribeUrl).toMatch(new RegExp(`^${baseURL}/u/[\\w-]{20,}$`));
    await message.getByRole("tab", { name: "Headers" }).click();
    await expect.poll(() => message.getByRole("row", { name: /^List-Unsubscribe </ }).textContent()).toBe(`List-Unsubscribe<${unsubscribeUrl}>`);

    await page.goto(unsubscribeUrl ?? "");
    await expect.poll(() => heading().textContent()).toBe("Unsubscribe from marketing emails?");
    expect(await page.getByText("a***@example.com").count()).toBe(1);
    await page.getByRole("button", { name: "Unsubscribe", exact: true }).click();
    await expect.poll(() => heading().textContent()).toBe("You are unsubscribed");

    await page.goto("/suppressions");
    await choose("Reason", "Unsubscribed");
    const suppressed = page.getByRole("row", { name: /alice@example\.com/ });
    await expect.poll(() => suppressed.textContent()).toMatch(/^alice@example\.comUnsubscribed/);

    await page.getByRole("link", { name: "Single sends", exact: true }).click();
    await page.getByRole("link", { name: "New single send" }).first().click();
    await createSingleSendInForm({ name: FOLLOW_UP_SEND, group: "No group", priority: 10, threshold: 20 });
    await page.getByRole("button", { name: "Trigger now", exact: true }).click();
    await page.getByRole("alertdialog", { name: `Trigger “${FOLLOW_UP_SEND}” now?` }).getByRole("button", { name: "Trigger now" }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await waitForCompletedRun({ total: 3, sent: 2, skipped: 1 });
    await choose("Skip reason", "Suppressed: unsubscribed");
    await expect.poll(recipientRows).toEqual([expect.stringMatching(/^cus_alicealice@example\.comSkippedSuppressed: unsubscribed/)]);
  });
});
