import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "@/test/fakes/smtp-sink";
import { smtpConnectorConfig, type SmtpConnectorConfig } from "../config";
import { ProviderSendError } from "../provider-error";
import type { OutgoingEmail } from "../types";
import { MESSAGES_PER_CONNECTION, SmtpProvider } from "./smtp";

let sink: SmtpSink;
const providers: SmtpProvider[] = [];

beforeAll(async () => {
  sink = await startSmtpSink({ keepMessages: true, auth: { username: "mailer", password: "s3cret" }, statsPort: 0 });
});
afterAll(() => sink.close());
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
  sink.reset();
});

function provider(overrides: Partial<SmtpConnectorConfig> = {}): SmtpProvider {
  const config = smtpConnectorConfig.parse({ host: "127.0.0.1", port: sink.port, secure: false, username: "mailer", password: "s3cret", ...overrides });
  const created = new SmtpProvider(config);
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

/**
 * A server that takes the envelope and then hangs up: right after RCPT TO, or once the message text arrives after
 * its "354" (the sink cannot be told to do either).
 */
async function serverHangingUpAfter(step: "RCPT" | "DATA"): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    let inData = false;
    socket.on("error", () => undefined);
    socket.write("220 hang-up.test ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      if (inData) return void socket.destroy();
      for (const line of chunk.toString("latin1").split("\r\n").filter(Boolean)) {
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "RCPT" && step === "RCPT") return void socket.destroy();
        if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else socket.write(verb === "EHLO" ? "250 hang-up.test\r\n" : "250 OK\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("SMTP provider (nodemailer SMTP connections in the provider's pool, against a local smtp-server sink)", () => {
  it("sends with custom headers and reply-to after logging in", async () => {
    const smtp = provider();
    const { messageId } = await smtp.send(
      email("alice@example.com", {
        replyTo: "support@acme.test",
        headers: { "List-Unsubscribe": "<https://app.test/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      }),
    );
    expect(messageId).toMatch(/^<.+@.+>$/);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toMatchObject({
      from: "news@acme.test",
      to: ["alice@example.com"],
      headers: {
        from: '"Acme News" <news@acme.test>',
        to: "alice@example.com",
        "reply-to": "support@acme.test",
        subject: "Hello",
        "message-id": messageId,
        "list-unsubscribe": "<https://app.test/u/tok>",
        "list-unsubscribe-post": "List-Unsubscribe=One-Click",
      },
    });
    expect(sink.messages[0]?.raw).toContain("<p>Hello</p>");
    expect(smtp.idempotent).toBe(false);
  });

  it("maps a slow-down reply mid-run to throttled, other 4xx to transient, 5xx to permanent with the server's reply", async () => {
    const smtp = provider();
    sink.control({ throttleEvery: 3 });
    const outcomes: string[] = [];
    for (let i = 1; i <= 6; i += 1) {
      try {
        await smtp.send(email(`user${i}@example.com`));
        outcomes.push("sent");
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderSendError);
        expect((error as ProviderSendError).message).toContain("451 4.7.1 Too many messages, slow down");
        outcomes.push((error as ProviderSendError).kind);
      }
    }
    expect(outcomes).toEqual(["sent", "sent", "throttled", "sent", "sent", "throttled"]);

    sink.control({ throttleEvery: null, failNext: 1, rejectRecipients: { "gone@example.com": "5.1.1 <gone@example.com>: Recipient address rejected: User unknown" } });
    expect(await sendError(smtp.send(email("bob@example.com")))).toMatchObject({ kind: "transient", message: expect.stringContaining("451 4.3.0") });
    expect(await sendError(smtp.send(email("gone@example.com")))).toMatchObject({
      kind: "permanent",
      message: expect.stringContaining("550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown"),
    });
    await expect(smtp.send(email("bob@example.com"))).resolves.toEqual({ messageId: expect.any(String) });
    // A refused recipient resets the transaction (RSET) instead of costing the connection.
    expect(sink.connectionsOpened()).toBe(1);
    expect(sink.stats(true)).toEqual({
      total: 5,
      distinctRecipients: 5,
      duplicates: 0,
      perRecipient: { "user1@example.com": 1, "user2@example.com": 1, "user4@example.com": 1, "user5@example.com": 1, "bob@example.com": 1 },
    });
  });

  it("fails a wrong password permanently and an unreachable server transiently", async () => {
    expect(await sendError(provider({ password: "wrong" }).send(email("carol@example.com")))).toMatchObject({
      kind: "permanent",
      message: expect.stringContaining("535 5.7.8 Authentication credentials invalid"),
    });
    const offline = await sendError(provider({ port: 1 }).send(email("carol@example.com")));
    expect(offline.kind).toBe("transient");
    expect(offline.message).toContain("ECONNREFUSED");
  });

  it("shares a pool of maxConnections connections across concurrent sends", async () => {
    const smtp = provider({ maxConnections: 3 });
    await Promise.all(Array.from({ length: 150 }, (_, i) => smtp.send(email(`bulk${i}@example.com`))));
    expect(sink.stats()).toEqual({ total: 150, distinctRecipients: 150, duplicates: 0 });
    expect(sink.connectionsOpened()).toBe(3);
  });

  it("replaces connections the server dropped without failing later sends", async () => {
    const smtp = provider({ maxConnections: 3 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => smtp.send(email(`before${i}@example.com`))));
    expect(sink.connectionsOpened()).toBe(3);
    sink.dropConnections();
    await Promise.all(Array.from({ length: 6 }, (_, i) => smtp.send(email(`after${i}@example.com`))));
    expect(sink.stats()).toEqual({ total: 12, distinctRecipients: 12, duplicates: 0 });
    expect(sink.connectionsOpened()).toBe(6);
  });

  it(`opens a new connection after ${MESSAGES_PER_CONNECTION} messages on one`, async () => {
    const smtp = provider({ maxConnections: 1 });
    await Promise.all(Array.from({ length: MESSAGES_PER_CONNECTION + 1 }, (_, i) => smtp.send(email(`many${i}@example.com`))));
    expect(sink.stats().total).toBe(MESSAGES_PER_CONNECTION + 1);
    expect(sink.connectionsOpened()).toBe(2);
  });

  it("reports a connection lost after the server took DATA as maybe delivered, and before that as safe to retry", async () => {
    for (const [step, maybeDelivered] of [
      ["RCPT", false],
      ["DATA", true],
    ] as const) {
      const server = await serverHangingUpAfter(step);
      try {
        const error = await sendError(provider({ port: server.port, username: undefined, password: undefined }).send(email("eve@example.com")));
        expect(error, step).toMatchObject({ kind: "transient", maybeDelivered, message: expect.stringContaining("Connection closed unexpectedly") });
      } finally {
        await Promise.all(providers.splice(0).map((created) => created.close()));
        await server.close();
      }
    }
  });

  it("lets sends on a connection finish when closed, and refuses the ones still waiting and any later one", async () => {
    const smtp = provider({ maxConnections: 2 });
    const sends = Promise.allSettled(Array.from({ length: 4 }, (_, i) => smtp.send(email(`closing${i}@example.com`))));
    await smtp.close();
    expect((await sends).map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
    expect(await sendError(smtp.send(email("late@example.com")))).toMatchObject({ kind: "transient", message: "SMTP Connection pool was closed" });
    expect(sink.stats().total).toBe(2);
    await expect.poll(() => sink.openConnections()).toBe(0);
  });

  it("serves the counts over HTTP for other processes", async () => {
    await provider().send(email("dave@example.com"));
    await provider().send(email("dave@example.com"));
    const response = await fetch(`http://127.0.0.1:${sink.statsPort}/stats?perRecipient=1`);
    expect(await response.json()).toEqual({ total: 2, distinctRecipients: 1, duplicates: 1, perRecipient: { "dave@example.com": 2 } });
  });

  it("tests the connection: login accepted, wrong password, unreachable port, port/secure mismatch", async () => {
    expect(await provider().testConnection()).toEqual({
      ok: true,
      latencyMs: expect.any(Number),
      details: `Connected to SMTP server 127.0.0.1:${sink.port} (STARTTLS when offered, logged in as mailer); up to 5 pooled connections.`,
      warnings: [],
    });
    expect(await provider({ password: "wrong" }).testConnection()).toMatchObject({
      ok: false,
      details: expect.stringContaining("535 5.7.8 Authentication credentials invalid"),
    });
    expect(await provider({ port: 1 }).testConnection()).toMatchObject({
      ok: false,
      details: expect.stringMatching(/^SMTP server 127\.0\.0\.1:1 refused the test: .*ECONNREFUSED/),
    });
    const mismatch = await provider({ port: 465, secure: false }).testConnection();
    expect(mismatch.warnings).toEqual([expect.stringContaining("Port 465 normally expects TLS")]);
  });
});
