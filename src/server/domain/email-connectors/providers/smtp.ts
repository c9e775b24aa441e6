import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { SmtpConnectorConfig } from "../config";
import { ProviderSendError } from "../provider-error";
import type { ConnectionTestResult, EmailProvider, OutgoingEmail } from "../types";
import { composeMimeMessage } from "./mime";

const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Opens the pool's connections with Nagle's algorithm off. nodemailer writes a message and its end-of-data dot in
 * separate small writes; with Nagle on, the second waits for the server's delayed ACK (~40 ms on Linux), which caps
 * each connection at about 20 emails per second.
 */
function connectWithoutDelay(config: SmtpConnectorConfig): NonNullable<SMTPPool.Options["getSocket"]> {
  return (_options, callback) => {
    const socket = net.connect({ host: config.host, port: config.port, noDelay: true, keepAlive: true });
    let settled = false;
    const fail = (error: Error) => {
      socket.destroy();
      if (settled) return;
      settled = true;
      callback(error, null);
    };
    const timeOut = () =>
      fail(Object.assign(new Error(`Connection to ${config.host}:${config.port} timed out after ${CONNECTION_TIMEOUT_MS} ms`), { code: "ETIMEDOUT" }));
    socket.setTimeout(CONNECTION_TIMEOUT_MS);
    socket.once("timeout", timeOut);
    socket.on("error", fail);
    socket.once("connect", () => {
      settled = true;
      // nodemailer installs its own socket timeout and error handling from here on.
      socket.setTimeout(0);
      socket.off("timeout", timeOut);
      socket.off("error", fail);
      callback(null, { connection: socket });
    });
  };
}

/** Reconnecting after every 100 messages (nodemailer's default) costs a TLS handshake and greeting each time. */
const MESSAGES_PER_CONNECTION = 1_000;

/** Temporary replies that ask the client to slow down rather than report a fault (e.g. "421 4.7.0 Too many connections"). */
const SLOW_DOWN_REPLY = /\b(rate|too many|throttl\w*|slow down|limit\w*)\b/i;

/** Failures without an SMTP reply that retrying cannot fix (bad login, no valid recipient, malformed message). */
const PERMANENT_WITHOUT_REPLY = new Set(["EAUTH", "EENVELOPE", "EMESSAGE"]);

interface SmtpErrorShape {
  code?: string;
  /** The SMTP command nodemailer was running: "CONN" while connecting, "DATA" once the message is on the wire. */
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Maps a nodemailer failure by its SMTP reply code: 4xx temporary (or throttling), 5xx permanent, no reply transient. */
export function toSmtpSendError(error: unknown): ProviderSendError {
  const shape: SmtpErrorShape = typeof error === "object" && error !== null ? (error as SmtpErrorShape) : { message: String(error) };
  const message = `SMTP ${shape.message ?? shape.response ?? "error"}`;
  const reply = shape.responseCode;
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return new ProviderSendError(SLOW_DOWN_REPLY.test(shape.response ?? shape.message ?? "") ? "throttled" : "transient", message, { cause: error });
  }
  if (reply !== undefined && reply >= 500) return new ProviderSendError("permanent", message, { cause: error });
  if (shape.code && PERMANENT_WITHOUT_REPLY.has(shape.code)) return new ProviderSendError("permanent", message, { cause: error });
  const maybeDelivered = shape.command === "DATA" || (shape.code === "ETIMEDOUT" && shape.command !== "CONN");
  return new ProviderSendError("transient", message, { cause: error, maybeDelivered });
}

function portWarnings(config: SmtpConnectorConfig): string[] {
  if (config.port === 465 && !config.secure) {
    return ["Port 465 normally expects TLS from the first byte: turn Secure on, or use port 587 with STARTTLS."];
  }
  if ((config.port === 587 || config.port === 25) && config.secure) {
    return [`Port ${config.port} normally starts in plain text and upgrades with STARTTLS: turn Secure off unless your server says otherwise.`];
  }
  return [];
}

/** Sends through an SMTP server over a pool of `maxConnections` kept-open connections; the MIME text is built by {@link composeMimeMessage}. */
export class SmtpProvider implements EmailProvider {
  /** SMTP has no idempotency: a retried message after an unknown outcome may be delivered twice. */
  readonly idempotent = false;
  readonly maxInFlight: number;
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

  constructor(private readonly config: SmtpConnectorConfig) {
    this.maxInFlight = config.maxConnections;
    this.transporter = nodemailer.createTransport({
      pool: true,
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.username !== undefined && config.password !== undefined ? { auth: { user: config.username, pass: config.password } } : {}),
      maxConnections: config.maxConnections,
      maxMessages: MESSAGES_PER_CONNECTION,
      getSocket: connectWithoutDelay(config),
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const { messageId, envelope, raw } = composeMimeMessage(message);
    try {
      // Passing the Message-ID keeps nodemailer from generating (and discarding) one of its own.
      await this.transporter.sendMail({ envelope, raw, messageId });
      return { messageId };
    } catch (error) {
      throw toSmtpSendError(error);
    }
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const server = `${this.config.host}:${this.config.port}`;
    const warnings = portWarnings(this.config);
    try {
      await this.transporter.verify();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, latencyMs: Math.round(performance.now() - started), details: `SMTP server ${server} refused the test: ${reason}`, warnings };
    }
    const login = this.config.username ? `logged in as ${this.config.username}` : "no login";
    return {
      ok: true,
      latencyMs: Math.round(performance.now() - started),
      details: `Connected to SMTP server ${server} (${this.config.secure ? "TLS" : "STARTTLS when offered"}, ${login}); up to ${this.config.maxConnections} pooled connections.`,
      warnings,
    };
  }

  /** Closes the pool; a connection still sending finishes its message first. */
  async close(): Promise<void> {
    this.transporter.close();
  }
}
