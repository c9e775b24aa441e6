import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "@/test/fakes/resend-server";
import { ProviderSendError } from "../provider-error";
import type { OutgoingEmail } from "../types";
import { ResendProvider } from "./resend";

let fake: FakeResendServer;

beforeAll(async () => {
  fake = await startFakeResendServer({
    apiKeys: ["re_live_key"],
    sendingOnlyApiKeys: ["re_sending_only"],
    domains: [
      { name: "acme.test", status: "verified" },
      { name: "new.acme.test", status: "pending" },
    ],
    rateLimitPerSecond: 10,
  });
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const provider = (apiKey = "re_live_key", baseUrl = fake.url) => new ResendProvider({ apiKey, baseUrl });

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

describe("Resend provider (real resend SDK against a local Resend API fake)", () => {
  it("sends with headers, sanitised tags, reply-to and the idempotency key; a repeated key does not send twice", async () => {
    const resend = provider();
    const message = email("alice@example.com", {
      replyTo: "support@acme.test",
      headers: { "List-Unsubscribe": "<https://app.test/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      tags: { run_id: "run-1", "recipient.id": "42" },
      idempotencyKey: "run-1/recipient-42",
    });
    const first = await resend.send(message);
    const retried = await resend.send(message);
    expect(retried).toEqual(first);
    expect(fake.idempotentReplays()).toBe(1);
    expect(fake.messages).toEqual([
      {
        id: first.messageId,
        apiKey: "re_live_key",
        from: '"Acme News" <news@acme.test>',
        to: ["alice@example.com"],
        replyTo: ["support@acme.test"],
        subject: "Hello",
        html: "<p>Hello</p>",
        text: "Hello",
        headers: { "List-Unsubscribe": "<https://app.test/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        tags: { run_id: "run-1", recipient_id: "42" },
        idempotencyKey: "run-1/recipient-42",
      },
    ]);
    expect(resend.idempotent).toBe(true);

    const other = await resend.send({ ...message, idempotencyKey: "run-1/recipient-43" });
    expect(other.messageId).not.toBe(first.messageId);
    expect(fake.stats()).toEqual({ total: 2, distinctRecipients: 1, duplicates: 1 });
  });

  it("maps rate_limit_exceeded mid-run to kind throttled with Retry-After", async () => {
    const resend = provider();
    fake.control({ throttleEvery: 3, retryAfterSeconds: 1 });
    const outcomes: string[] = [];
    for (let i = 1; i <= 6; i += 1) {
      try {
        await resend.send(email(`user${i}@example.com`, { idempotencyKey: `k${i}` }));
        outcomes.push("sent");
      } catch (error) {
        expect(error).toMatchObject({
          kind: "throttled",
          retryAfterMs: 1000,
          message: expect.stringMatching(/^Resend rate_limit_exceeded: Too many requests\. You can only make 10 requests per second/),
        });
        outcomes.push("throttled");
      }
    }
    expect(outcomes).toEqual(["sent", "sent", "throttled", "sent", "sent", "throttled"]);
    expect(fake.stats().total).toBe(4);
  });

  it("maps validation errors to permanent with Resend's message, server and network failures to transient", async () => {
    const resend = provider();
    fake.control({ rejectRecipients: { "bad@example.com": "Invalid `to` field. The email address needs to follow the `email@example.com` format." } });
    expect(await sendError(resend.send(email("bad@example.com")))).toMatchObject({
      kind: "permanent",
      message: "Resend validation_error: Invalid `to` field. The email address needs to follow the `email@example.com` format.",
    });

    const reusedKey = await sendError(
      (async () => {
        await resend.send(email("carol@example.com", { idempotencyKey: "same" }));
        await resend.send(email("carol@example.com", { idempotencyKey: "same", subject: "Different" }));
      })(),
    );
    expect(reusedKey).toMatchObject({ kind: "permanent", message: expect.stringContaining("invalid_idempotent_request") });

    fake.control({ failNext: 1 });
    expect(await sendError(resend.send(email("dave@example.com")))).toMatchObject({ kind: "transient", message: "Resend internal_server_error: An unexpected error occurred." });
    expect(await sendError(provider("re_wrong").send(email("dave@example.com")))).toMatchObject({ kind: "permanent", message: "Resend invalid_api_key: API key is invalid" });
    expect(await sendError(provider("re_live_key", "http://127.0.0.1:1").send(email("dave@example.com")))).toMatchObject({
      kind: "transient",
      message: expect.stringContaining("Unable to fetch data"),
    });
  });

  it("tests the connection: domains and rate limit, a sending-only key, a wrong key", async () => {
    expect(await provider().testConnection()).toEqual({
      ok: true,
      latencyMs: expect.any(Number),
      details: `Connected to Resend at ${fake.url}. Verified sending domains: acme.test. Not verified: new.acme.test (pending). API rate limit: 10 requests per second.`,
      warnings: [],
      maxSendRatePerSecond: 10,
    });
    expect(await provider("re_sending_only").testConnection()).toMatchObject({
      ok: true,
      details: expect.stringContaining("The API key is valid but restricted to sending"),
    });
    expect(await provider("re_wrong").testConnection()).toMatchObject({
      ok: false,
      details: `Resend at ${fake.url} refused the test: Resend invalid_api_key: API key is invalid`,
    });

    const noDomains = await startFakeResendServer({ domains: [] });
    try {
      const result = await provider("re_any", noDomains.url).testConnection();
      expect(result).toMatchObject({ ok: true, details: expect.stringContaining("No verified sending domain.") });
      expect(result.warnings).toEqual([expect.stringContaining("Resend only sends from verified domains")]);
    } finally {
      await noDomains.close();
    }
  });
});
