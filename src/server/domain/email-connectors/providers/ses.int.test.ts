import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeSesServer, type FakeSesServer } from "@/test/fakes/ses-v2-server";
import { sesConnectorConfig, type SesConnectorConfig } from "../config";
import { ProviderSendError } from "../provider-error";
import type { OutgoingEmail } from "../types";
import { SesProvider } from "./ses";

let fake: FakeSesServer;
const providers: SesProvider[] = [];

beforeAll(async () => {
  // Every request's SigV4 signature is checked against this secret, as SES does.
  fake = await startFakeSesServer({ configurationSets: ["emailops-events"], secretAccessKeys: { AKIAFAKE: "fake-secret" } });
});
afterAll(() => fake.close());
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
  fake.reset();
});

function provider(overrides: Partial<SesConnectorConfig> = {}): SesProvider {
  const config = sesConnectorConfig.parse({
    region: "eu-west-1",
    accessKeyId: "AKIAFAKE",
    secretAccessKey: "fake-secret",
    endpoint: fake.url,
    ...overrides,
  });
  const created = new SesProvider(config);
  providers.push(created);
  return created;
}

const email = (to: string, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: "news@acme.test",
  fromName: "Acme News",
  to,
  subject: "Hello",
  html: "<p>Hello</p>",
  text: "Hello",
  headers: {},
  ...overrides,
});

async function sendError(promise: Promise<unknown>): Promise<ProviderSendError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderSendError);
  return error as ProviderSendError;
}

describe("SES provider (real @aws-sdk/client-sesv2 against a local SES v2 fake)", () => {
  it("sends simple content with custom headers, sanitised message tags, reply-to and the configuration set", async () => {
    const ses = provider({ configurationSetName: "emailops-events" });
    const { messageId } = await ses.send(
      email("alice@example.com", {
        fromName: "Åsa's Café",
        replyTo: "support@acme.test",
        headers: { "List-Unsubscribe": "<https://app.test/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        tags: { run_id: "3f1c2a9e-1d2b-4c5d-8e9f-0a1b2c3d4e5f", "recipient id": "r:42", empty: "" },
      }),
    );
    expect(messageId).toMatch(/^0100[0-9a-f]{32}-000000$/);
    expect(fake.messages).toEqual([
      {
        messageId,
        accessKeyId: "AKIAFAKE",
        region: "eu-west-1",
        from: `=?UTF-8?B?${Buffer.from("Åsa's Café").toString("base64")}?= <news@acme.test>`,
        to: ["alice@example.com"],
        replyTo: ["support@acme.test"],
        subject: "Hello",
        html: "<p>Hello</p>",
        text: "Hello",
        headers: { "List-Unsubscribe": "<https://app.test/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        tags: { run_id: "3f1c2a9e-1d2b-4c5d-8e9f-0a1b2c3d4e5f", recipient_id: "r_42" },
        configurationSetName: "emailops-events",
      },
    ]);
    expect(ses.idempotent).toBe(false);
  });

  it("maps throttling mid-run to kind throttled with Retry-After, without retrying inside the SDK", async () => {
    const ses = provider();
    fake.control({ throttleEvery: 4, retryAfterSeconds: 2 });
    const outcomes: string[] = [];
    for (let i = 1; i <= 10; i += 1) {
      try {
        await ses.send(email(`user${i}@example.com`));
        outcomes.push("sent");
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderSendError);
        const failure = error as ProviderSendError;
        expect(failure.message).toBe("SES TooManyRequestsException: Maximum sending rate exceeded.");
        expect(failure.retryAfterMs).toBe(2000);
        outcomes.push(failure.kind);
      }
    }
    expect(outcomes).toEqual(["sent", "sent", "sent", "throttled", "sent", "sent", "sent", "throttled", "sent", "sent"]);
    expect(fake.sendRequests()).toBe(10);
    expect(fake.stats()).toEqual({ total: 8, distinctRecipients: 8, duplicates: 0 });
  });

  it("maps MessageRejected to kind permanent with SES's message, server errors and an unreachable endpoint to transient", async () => {
    const ses = provider();
    fake.control({ rejectRecipients: { "unverified@example.com": "Email address is not verified. The following identities failed the check in region EU-WEST-1: unverified@example.com" } });
    const rejected = await sendError(ses.send(email("unverified@example.com")));
    expect(rejected).toMatchObject({
      kind: "permanent",
      message: "SES MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: unverified@example.com",
    });

    fake.control({ failNext: 1 });
    expect(await sendError(ses.send(email("bob@example.com")))).toMatchObject({ kind: "transient", message: expect.stringContaining("InternalServiceErrorException") });
    await expect(ses.send(email("bob@example.com"))).resolves.toEqual({ messageId: expect.any(String) });

    const unreachable = provider({ endpoint: "http://127.0.0.1:1" });
    const offline = await sendError(unreachable.send(email("carol@example.com")));
    expect(offline.kind).toBe("transient");
    expect(offline.message).toMatch(/^SES could not be reached: .*ECONNREFUSED/);
  });

  it("signs requests so SES accepts them: a wrong secret is refused as a signature mismatch, permanently", async () => {
    const wrongSecret = provider({ secretAccessKey: "not-the-secret" });
    const failure = await sendError(wrongSecret.send(email("erin@example.com")));
    expect(failure).toMatchObject({ kind: "permanent", message: expect.stringMatching(/^SES SignatureDoesNotMatch: The request signature we calculated does not match/) });
    expect(await wrongSecret.testConnection()).toMatchObject({ ok: false, details: expect.stringContaining("SES SignatureDoesNotMatch") });
    expect(fake.stats().total).toBe(0);
  });

  it("refuses an unknown configuration set permanently", async () => {
    const failure = await sendError(provider({ configurationSetName: "missing" }).send(email("dave@example.com")));
    expect(failure).toMatchObject({ kind: "permanent", message: "SES NotFoundException: Configuration set <missing> does not exist." });
  });

  it("sends 200 emails with 50 in flight over kept-alive connections", async () => {
    const ses = provider();
    const addresses = Array.from({ length: 200 }, (_, i) => `bulk${i}@example.com`);
    for (let start = 0; start < addresses.length; start += 50) {
      await Promise.all(addresses.slice(start, start + 50).map((address) => ses.send(email(address))));
    }
    expect(fake.stats()).toEqual({ total: 200, distinctRecipients: 200, duplicates: 0 });
  });

  it("tests the connection: quota and send rate, configuration set, a send-only key, sandbox and disabled sending, bad credentials", async () => {
    const result = await provider({ configurationSetName: "emailops-events" }).testConnection();
    expect(result).toEqual({
      ok: true,
      latencyMs: expect.any(Number),
      details: `Connected to SES in eu-west-1 (${fake.url}). Sent in the last 24 hours: 0 of 50,000; maximum send rate: 14 emails per second. Configuration set "emailops-events" exists.`,
      warnings: [],
      maxSendRatePerSecond: 14,
    });

    expect(await provider({ configurationSetName: "missing" }).testConnection()).toMatchObject({
      ok: false,
      details: expect.stringContaining('Configuration set "missing" cannot be used: SES NotFoundException'),
    });
    expect(await provider({ accessKeyId: "AKIAWRONG" }).testConnection()).toMatchObject({
      ok: false,
      details: expect.stringContaining("SES UnrecognizedClientException: The security token included in the request is invalid."),
    });

    const sendOnly = await startFakeSesServer({ deniedOperations: ["GetAccount", "GetConfigurationSet"] });
    try {
      const limited = await provider({ endpoint: sendOnly.url, configurationSetName: "events" }).testConnection();
      expect(limited).toMatchObject({ ok: true, details: expect.stringContaining("the access key is valid") });
      expect(limited.warnings).toEqual([expect.stringContaining("may not call ses:GetAccount")]);
      expect(limited.maxSendRatePerSecond).toBeUndefined();
    } finally {
      await sendOnly.close();
    }

    const sandbox = await startFakeSesServer({ account: { productionAccessEnabled: false, sendingEnabled: false, maxSendRate: 1 } });
    try {
      const sandboxed = await provider({ endpoint: sandbox.url }).testConnection();
      expect(sandboxed.ok).toBe(true);
      expect(sandboxed.maxSendRatePerSecond).toBe(1);
      expect(sandboxed.warnings).toEqual([
        expect.stringContaining("Sending is disabled for this SES account in eu-west-1"),
        expect.stringContaining("This SES account is in the sandbox in eu-west-1"),
      ]);
    } finally {
      await sandbox.close();
    }
  });
});
