import type { Page } from "playwright-core";
import { beforeEach, describe, expect, inject, it, vi } from "vitest";
import { createApiKeyWithCli, DEMO_ADMIN, signIn, browserPagePerTest } from "./browser";

const { baseURL } = inject("e2e");
const session = browserPagePerTest();
let page: Page;
beforeEach(() => {
  page = session.page;
});


describe("foundation journey", () => {
  it("sends anonymous visitors to the login page and answers anonymous API calls with 401", async () => {
    await page.goto("/sender-profiles");
    await page.waitForURL(/\/login\?callbackUrl=/);
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/sender-profiles");

    for (const path of ["/api/v1/sender-profiles", "/api/v1/dev-inbox?to=a", "/api/v1/settings", "/api/trpc/senderProfiles.list"]) {
      const response = await fetch(`${baseURL}${path}`);
      expect(response.status, path).toBe(401);
    }
  });

  it("rejects a wrong password with a clear message", async () => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO_ADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => page.getByText("Email or password is incorrect").count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("lets the demo admin create a dev-inbox connector and a sender profile, send a test and read it", async () => {
    await signIn(page);

    await page.getByRole("link", { name: "Email connectors", exact: true }).click();
    await page.getByRole("button", { name: "New email connector" }).click();
    await page.getByLabel("Name", { exact: true }).fill("E2E inbox");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await expect.poll(() => page.getByRole("cell", { name: "E2E inbox", exact: true }).count()).toBe(1);

    await page.getByRole("link", { name: "Sender profiles", exact: true }).click();
    await page.getByRole("button", { name: "New sender profile" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("E2E Newsletter");
    await dialog.getByLabel("From email").fill("news@e2e.test");
    await dialog.getByLabel("From name").fill("E2E News");
    await dialog.getByLabel("Email connector").click();
    await page.getByRole("option", { name: "E2E inbox" }).click();
    await dialog.getByLabel("Bucket size").fill("50");
    await dialog.getByLabel("Refill per second").fill("5");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect.poll(() => page.getByRole("cell", { name: "E2E Newsletter", exact: true }).count()).toBe(1);

    await page.getByRole("button", { name: "Send test email from E2E Newsletter" }).click();
    await page.getByLabel("Send to").fill("qa-e2e@example.com");
    await page.getByRole("button", { name: "Send test email", exact: true }).click();

    await page.getByRole("link", { name: "Dev inbox", exact: true }).click();
    await page.getByLabel("Recipient").fill("qa-e2e@");
    const subject = "EmailOps test email from E2E Newsletter";
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return page.getByText(subject).count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    await page.getByText(subject).first().click();
    const message = page.getByRole("article", { name: `Email: ${subject}` });
    await expect.poll(() => message.getByText("news@e2e.test").count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator(`iframe[title="HTML body of “${subject}”"]`).count()).toBe(1);
  });

  it("serves the same data over REST to an API key created with the CLI", async () => {
    const key = await createApiKeyWithCli("e2e");
    const headers = { authorization: `Bearer ${key}` };

    const profiles = await fetch(`${baseURL}/api/v1/sender-profiles`, { headers });
    expect(profiles.status).toBe(200);
    const demoProfile = ((await profiles.json()) as Array<{ id: string; name: string }>).find((p) => p.name === "Acme Demo");
    expect(demoProfile).toBeDefined();

    const openapi = (await (await fetch(`${baseURL}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/sender-profiles", "/dev-inbox", "/email-connectors"]));

    const queued = await fetch(`${baseURL}/api/v1/sender-profiles/${demoProfile?.id}/send-test`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ to: "rest-e2e@example.com" }),
    });
    expect(queued.status).toBe(200);

    const messages = await vi.waitFor(
      async () => {
        const inbox = await fetch(`${baseURL}/api/v1/dev-inbox?to=rest-e2e@example.com`, { headers });
        const body = (await inbox.json()) as { messages: Array<Record<string, unknown>> };
        expect(body.messages).toHaveLength(1);
        return body.messages;
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(messages[0]).toEqual(
      expect.objectContaining({ to: "rest-e2e@example.com", subject: "EmailOps test email from Acme Demo" }),
    );
    expect(Object.keys(messages[0] ?? {})).toEqual(expect.arrayContaining(["to", "from", "subject", "html", "text", "headers", "createdAt"]));
  });
});
