import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectDatabase } from "@/server/db/client";
import { auditLog, suppressions, workspaceSettings } from "@/server/db/schema";
import { insertTestRecipient, insertTestRun } from "@/server/domain/suppressions/test-recipients";
import { unsubscribeSignerFromEnv } from "@/server/domain/suppressions/unsubscribe";
import { databaseUrl } from "@/test/database-urls";
import { createTestEnvironment, type TestEnvironment } from "@/test/harness";
import { handleUnsubscribeRequest } from "./unsubscribe-handler";

let t: TestEnvironment;
beforeAll(async () => {
  t = await createTestEnvironment();
});
afterAll(() => t.teardown());
beforeEach(() => t.truncate());

const deps = () => ({ db: t.services.db, env: t.services.env, log: pino({ level: "silent" }) });
const tokenFor = (recipientId: number) => unsubscribeSignerFromEnv(t.services.env).token(recipientId);

function request(token: string, init: RequestInit = {}): Promise<Response> {
  return handleUnsubscribeRequest(deps(), new Request(`http://localhost/u/${token}`, init), token);
}

/** What RFC 8058 mail clients send: a POST with this exact form body and nothing else. */
const oneClick = (): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: "List-Unsubscribe=One-Click",
});

const suppressionRows = () => t.services.db.select().from(suppressions);

async function recipient(email = "alice@example.com", singleSendName = "Spring sale"): Promise<string> {
  const run = await insertTestRun(t.services.db, singleSendName);
  return tokenFor(await insertTestRecipient(t.services.db, run.runId, email));
}

describe("/u/<token>", () => {
  it("GET shows a confirmation page with a button and unsubscribes nobody (link scanners follow GETs)", async () => {
    const token = await recipient();
    const res = await request(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).toContain("<title>Unsubscribe from marketing emails?</title>");
    expect(html).toContain("<strong>a***@example.com</strong>");
    expect(html).not.toContain("alice@example.com");
    expect(html).toContain("“Spring sale”");
    expect(html).toMatch(/<form method="post">[\s\S]*<button type="submit">Unsubscribe<\/button>/);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(await suppressionRows()).toEqual([]);
  });

  it("POST with the RFC 8058 one-click body unsubscribes at once", async () => {
    const token = await recipient();
    const res = await request(token, oneClick());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1>You are unsubscribed</h1>");
    expect(await suppressionRows()).toMatchObject([
      { emailNormalized: "alice@example.com", reason: "unsubscribe", source: "list-unsubscribe-one-click", note: 'Unsubscribed from "Spring sale"' },
    ]);
  });

  it("POST one-click also works as multipart/form-data", async () => {
    const token = await recipient();
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    expect((await request(token, { method: "POST", body })).status).toBe(200);
    expect(await suppressionRows()).toMatchObject([{ source: "list-unsubscribe-one-click" }]);
  });

  it("POST from the page's button unsubscribes with the link as the source", async () => {
    const token = await recipient();
    const res = await request(token, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "confirm=unsubscribe" });
    expect(await res.text()).toContain("You are unsubscribed");
    expect(await suppressionRows()).toMatchObject([{ source: "unsubscribe-link" }]);
  });

  it("a second POST is harmless: one row, one audit entry, and the page says so", async () => {
    const token = await recipient();
    await request(token, oneClick());
    const again = await request(token, oneClick());
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("<h1>You are already unsubscribed</h1>");
    expect(await suppressionRows()).toHaveLength(1);
    expect(await t.services.db.select().from(auditLog)).toHaveLength(1);
    const page = await (await request(token)).text();
    expect(page).toContain("You are already unsubscribed");
    expect(page).not.toContain("<form");
  });

  it("answers 404 with a clear page for a forged, malformed or unknown token, and changes nothing", async () => {
    const token = await recipient();
    const forged = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const unknown = tokenFor(987_654);
    for (const bad of [forged, "nonsense", unknown, "%3Cscript%3E"]) {
      for (const init of [{}, oneClick()]) {
        const res = await request(bad, init);
        expect(res.status, bad).toBe(404);
        const html = await res.text();
        expect(html).toContain("<h1>This unsubscribe link is not valid</h1>");
        expect(html).not.toContain(bad);
      }
    }
    expect(await suppressionRows()).toEqual([]);
  });

  it("escapes the single send and organisation names it shows", async () => {
    await t.services.db.insert(workspaceSettings).values({ id: 1, organizationName: "Acme & <Sons>" });
    const token = await recipient("bob@example.com", '<img src=x onerror="alert(1)">');
    const html = await (await request(token)).text();
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("from Acme &amp; &lt;Sons&gt;.");
    expect(html).not.toContain("<img");
  });

  it("shows a 500 page, not the error, when the database cannot be reached", async () => {
    const token = await recipient();
    const missing = connectDatabase(databaseUrl("emailops_no_such_database"), { max: 1 });
    try {
      const res = await handleUnsubscribeRequest({ ...deps(), db: missing.db }, new Request(`http://localhost/u/${token}`, oneClick()), token);
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain("<h1>Something went wrong</h1>");
      expect(html).not.toContain("emailops_no_such_database");
    } finally {
      await missing.close();
    }
  });
});
