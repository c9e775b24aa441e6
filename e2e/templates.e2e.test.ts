import type { Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { createApiKeyWithCli, signIn, browserPagePerTest } from "./browser";

const { baseURL } = inject("e2e");
const TEMPLATE_NAME = "E2E Builder email";
const SEGMENT_NAME = "E2E Alice and Bob";
const TEST_RECIPIENT = "builder-e2e@example.com";
const PREVIEW_TIMEOUT = { timeout: 15_000 };

const session = browserPagePerTest();
let page: Page;
let apiHeaders: Record<string, string>;

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${baseURL}/api/v1${path}`, {
    ...init,
    headers: { ...apiHeaders, "content-type": "application/json", ...init.headers },
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body as T;
}

/** A fresh e2e database has no segments: make one over REST with an API key from the CLI, as an integration would. */
async function createSegmentOfAliceAndBob(): Promise<void> {
  apiHeaders = { authorization: `Bearer ${await createApiKeyWithCli("e2e-templates")}` };
  const connectors = await api<Array<{ id: string; name: string }>>("/data-connectors");
  const warehouse = connectors.find((connector) => connector.name === "Demo warehouse");
  if (!warehouse) throw new Error(`No "Demo warehouse" connector among ${connectors.map((c) => c.name).join(", ")}`);
  await api("/segments", {
    method: "POST",
    body: JSON.stringify({
      name: SEGMENT_NAME,
      dataConnectorId: warehouse.id,
      sqlQuery: "select subject_id, email, first_name, credits from demo.customers where subject_id in ('cus_alice', 'cus_bob') order by subject_id",
    }),
  });
}

beforeAll(createSegmentOfAliceAndBob);
beforeEach(() => {
  page = session.page;
});

describe("template builder journey", () => {
  it("builds a template in the block builder, previews it with segment rows, publishes it and sends a test to the dev inbox", async () => {
    await signIn(page);
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await page.getByRole("button", { name: "New template" }).first().click();
    const newDialog = page.getByRole("dialog", { name: "New template" });
    await newDialog.getByLabel("Name", { exact: true }).fill(TEMPLATE_NAME);
    await newDialog.getByLabel("Authoring mode").click();
    await page.getByRole("option", { name: "Builder", exact: true }).click();
    await newDialog.getByRole("button", { name: "Create", exact: true }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);

    const builder = page.getByRole("region", { name: "Email layout" });
    await expect.poll(() => builder.getByText("Hi {{first_name}}, write your message here.").count()).toBe(1);
    await page.getByRole("button", { name: "Add heading", exact: true }).click();
    await page.getByLabel("Heading", { exact: true }).fill("Welcome back, {{first_name}}!");
    await page.getByRole("button", { name: "Add button", exact: true }).click();
    await page.getByLabel("Button text", { exact: true }).fill("Top up credits");
    await page.getByLabel("Button URL", { exact: true }).fill("https://example.com/top-up/{{subject_id}}");
    await expect.poll(() => builder.getByText(/^Top up credits → https:\/\/example\.com\/top-up\//).count()).toBe(1);

    const preview = page.frameLocator(`iframe[title="Preview of “${TEMPLATE_NAME}”"]`);
    await expect.poll(() => preview.getByText("Welcome back, Ada!").count(), PREVIEW_TIMEOUT).toBe(1);

    await page.getByRole("tab", { name: "Rows from a segment" }).click();
    await page.getByLabel("Segment", { exact: true }).click();
    await page.getByRole("option", { name: SEGMENT_NAME }).click();
    await expect.poll(() => page.getByTestId("template-preview-row").textContent(), PREVIEW_TIMEOUT).toBe("Row 1 of 2");
    await expect.poll(() => preview.getByText("Welcome back, Alice!").count(), PREVIEW_TIMEOUT).toBe(1);
    await expect.poll(() => page.getByTestId("inbox-line-subject").textContent()).toBe("Hello Alice");
    expect(await preview.getByRole("link", { name: "Top up credits" }).getAttribute("href")).toBe("https://example.com/top-up/cus_alice");

    await page.getByRole("button", { name: "Next row" }).click();
    await expect.poll(() => preview.getByText("Welcome back, Bob!").count(), PREVIEW_TIMEOUT).toBe(1);
    await page.getByRole("button", { name: "Previous row" }).click();
    await expect.poll(() => preview.getByText("Welcome back, Alice!").count(), PREVIEW_TIMEOUT).toBe(1);

    await expect.poll(() => page.getByText("Unsaved changes", { exact: true }).count()).toBe(1);
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => page.getByText("Saved draft v1").count(), PREVIEW_TIMEOUT).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("Unsaved changes", { exact: true }).count(), PREVIEW_TIMEOUT).toBe(0);

    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const confirm = page.getByRole("alertdialog", { name: "Publish version 1?" });
    await confirm.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => confirm.count(), PREVIEW_TIMEOUT).toBe(0);
    await expect.poll(() => page.getByLabel("Version", { exact: true }).textContent(), PREVIEW_TIMEOUT).toBe("Published v1 · active");
    await expect.poll(() => page.getByRole("button", { name: "New draft from this version" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Save draft" }).count()).toBe(0);
    const templates = await api<Array<{ name: string; activeVersion: number | null }>>("/templates");
    expect(templates.find((template) => template.name === TEMPLATE_NAME)?.activeVersion).toBe(1);
    await expect.poll(() => preview.getByText("Welcome back, Alice!").count(), PREVIEW_TIMEOUT).toBe(1);

    await page.getByRole("button", { name: "Send test", exact: true }).click();
    const sendDialog = page.getByRole("dialog", { name: "Send test" });
    await sendDialog.getByLabel("Sender profile").click();
    await page.getByRole("option", { name: /^Acme Demo/ }).click();
    await sendDialog.getByLabel("Send to").fill(TEST_RECIPIENT);
    await sendDialog.getByRole("button", { name: "Send test email", exact: true }).click();
    await expect.poll(() => sendDialog.count(), PREVIEW_TIMEOUT).toBe(0);

    const message = await vi.waitFor(
      async () => {
        const inbox = await api<{ messages: Array<{ to: string; subject: string; html: string; text: string }> }>(
          `/dev-inbox?to=${encodeURIComponent(TEST_RECIPIENT)}`,
        );
        expect(inbox.messages).toHaveLength(1);
        return inbox.messages[0];
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(message).toEqual(expect.objectContaining({ to: TEST_RECIPIENT, subject: "Hello Alice" }));
    expect(message?.html).toContain("Welcome back, Alice!");
    expect(message?.html).toContain('href="https://example.com/top-up/cus_alice"');
    expect(message?.html).not.toContain("{{");
    expect(message?.text).toContain("Welcome back, Alice!");
    expect(message?.text).toContain("https://example.com/top-up/cus_alice");
  });
});
