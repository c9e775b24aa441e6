import net from "node:net";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import type { SmtpConnectorConfig } from "../config";
import { ProviderSendError } from "../provider-error";
import type { ConnectionTestResult, EmailProvider, OutgoingEmail } from "../types";
import { composeMimeMessage, type ComposedMessage } from "./mime";

const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
/** Also how long an unused connection stays open: nodemailer closes a session that is silent for this long. */
const SOCKET_TIMEOUT_MS = 60_000;

/** Reconnecting after every 100 messages (nodemailer's default) costs a TLS handshake and greeting each time. */
export const MESSAGES_PER_CONNECTION = 1_000;

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

function smtpError(message: string, code: string, command?: string): SMTPConnection.SMTPError {
  return Object.assign(new Error(message), { code, ...(command ? { command } : {}) });
}

/**
 * Connects with Nagle's algorithm off. nodemailer writes a message and its end-of-data dot in separate small writes;
 * with Nagle on, the second waits for the server's delayed ACK (~40 ms on Linux), which caps each connection at about
 * 20 emails per second.
 */
function connectWithoutDelay(config: SmtpConnectorConfig): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: config.host, port: config.port, noDelay: true, keepAlive: true });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    const timeOut = () => fail(smtpError(`Connection to ${config.host}:${config.port} timed out after ${CONNECTION_TIMEOUT_MS} ms`, "ETIMEDOUT", "CONN"));
    socket.setTimeout(CONNECTION_TIMEOUT_MS);
    socket.once("timeout", timeOut);
    socket.on("error", fail);
    socket.once("connect", () => {
      // Writes made while handling one server reply leave in one segment: the reply to DATA makes nodemailer write
      // the message and then the end-of-data dot, two system calls (and two packets for the server to read) otherwise.
      socket.prependListener("data", () => {
        socket.cork();
        process.nextTick(() => socket.uncork());
      });
      // SMTPConnection installs its own socket timeout and error handling from here on.
      socket.setTimeout(0);
      socket.off("timeout", timeOut);
      socket.off("error", fail);
      resolve(socket);
    });
  });
}

/**
 * One kept-open SMTP session (greeting, STARTTLS or TLS, login done) that sends one message at a time.
 *
 * SMTPConnection reports a dropped socket or a timeout only as an `error` event (then closes itself); the callback of
 * the operation in flight is never called. `interrupt` settles that operation instead.
 */
class PooledSession {
  messagesSent = 0;
  /** False once the connection failed or closed; the pool then forgets the session. */
  usable = true;
  private interrupt: ((error: SMTPConnection.SMTPError) => void) | null = null;

  constructor(
    private readonly connection: SMTPConnection,
    /** Told when the session is lost while nothing runs on it (an idle connection timed out or the server hung up). */
    private readonly onLostWhileIdle: (session: PooledSession) => void,
  ) {
    connection.on("error", (error) => this.lost(error));
    connection.once("end", () => this.lost(smtpError("Connection closed unexpectedly", "ECONNECTION", "CONN")));
  }

  private lost(error: SMTPConnection.SMTPError): void {
    this.usable = false;
    const interrupt = this.interrupt;
    this.interrupt = null;
    if (interrupt) interrupt(error);
    else this.onLostWhileIdle(this);
  }

  /** Greets, upgrades to TLS as configured or offered, and logs in when credentials are set and the server offers AUTH. */
  start(credentials: SMTPConnection.Credentials | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.interrupt = reject;
      this.connection.connect(() => {
        // As nodemailer's own transports do: a server that does not offer AUTH gets no login attempt.
        if (!credentials || !offersAuth(this.connection)) {
          this.interrupt = null;
          resolve();
          return;
        }
        this.connection.login(credentials, (error) => {
          this.interrupt = null;
          if (!error) return resolve();
          this.connection.close();
          reject(error);
        });
      });
    });
  }

  send({ envelope, raw }: ComposedMessage): Promise<void> {
    this.messagesSent += 1;
    return new Promise((resolve, reject) => {
      this.interrupt = (error) => {
        // The server's "354" means it took the DATA command, so the message text was (being) written when the
        // connection failed: it may have been accepted. Before that nothing but the envelope was sent.
        const lastReply = this.connection.lastServerResponse;
        reject(typeof lastReply === "string" && lastReply.startsWith("354") ? Object.assign(error, { command: "DATA" }) : error);
      };
      this.connection.send(envelope, raw, (error) => {
        this.interrupt = null;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** RSET after a refused envelope or message, so the next MAIL FROM starts a fresh transaction. */
  reset(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.interrupt = reject;
      this.connection.reset((error) => {
        this.interrupt = null;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  /** Ends the session politely when it still works (QUIT), at once otherwise. */
  end(): void {
    if (this.usable) this.connection.quit();
    else this.connection.close();
    this.usable = false;
  }
}

/** Set by SMTPConnection from the EHLO reply; nodemailer's own pool reads it the same way to decide on logging in. */
function offersAuth(connection: SMTPConnection): boolean {
  return (connection as SMTPConnection & { allowsAuth?: boolean }).allowsAuth === true;
}

async function openSession(config: SmtpConnectorConfig, onLostWhileIdle: (session: PooledSession) => void): Promise<PooledSession> {
  const socket = await connectWithoutDelay(config);
  const connection = new SMTPConnection({
    host: config.host,
    port: config.port,
    secure: config.secure,
    connection: socket,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  const session = new PooledSession(connection, onLostWhileIdle);
  const credentials = config.username !== undefined && config.password !== undefined ? { user: config.username, pass: config.password } : null;
  await session.start(credentials);
  return session;
}

interface Waiter {
  resolve(session: PooledSession): void;
  reject(error: unknown): void;
}

/**
 * Up to `maxSessions` kept-open sessions shared by all sends, each sending one message at a time; sends beyond that
 * wait in order. nodemailer's `pool: true` transport does the same but runs every message through its Mailer,
 * MailComposer and plugin layers, which took about a third of the CPU of a send.
 */
class SessionPool {
  private readonly idle: PooledSession[] = [];
  private readonly waiting: Waiter[] = [];
  /** Sessions open or being opened. */
  private sessions = 0;
  private closed = false;

  constructor(
    private readonly config: SmtpConnectorConfig,
    private readonly maxSessions: number,
  ) {}

  acquire(): Promise<PooledSession> {
    if (this.closed) return Promise.reject(smtpError("Connection pool was closed", "ECONNECTION", "API"));
    const session = this.idle.pop();
    if (session) return Promise.resolve(session);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.dispatch();
    });
  }

  /** Takes a session back after a send; a broken or worn-out one is ended (and replaced when sends are waiting). */
  release(session: PooledSession): void {
    if (!session.usable || this.closed || session.messagesSent >= MESSAGES_PER_CONNECTION) {
      this.retire(session);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(session);
    else this.idle.push(session);
  }

  /**
   * Takes a session back after a failed send. One that still works (the server refused the envelope or the message)
   * gets an RSET first, so the next MAIL FROM starts a fresh transaction; the failed send waits for it, so the session
   * is free again when its caller hears of the failure.
   */
  async releaseAfterFailure(session: PooledSession): Promise<void> {
    if (session.usable && !this.closed) {
      try {
        await session.reset();
      } catch {
        this.retire(session);
        return;
      }
    }
    this.release(session);
  }

  /** Refuses the sends still waiting for a session and ends the idle ones; sends in flight finish, then their sessions end. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(smtpError("Connection pool was closed", "ECONNECTION", "API"));
    for (const session of this.idle.splice(0)) this.retire(session);
  }

  private retire(session: PooledSession): void {
    session.end();
    this.sessions -= 1;
    this.dispatch();
  }

  private readonly forgetIdle = (session: PooledSession): void => {
    const index = this.idle.indexOf(session);
    if (index === -1) return;
    this.idle.splice(index, 1);
    this.sessions -= 1;
    this.dispatch();
  };

  /** Serves waiting sends from idle sessions, then opens new sessions for them while the pool has room. */
  private dispatch(): void {
    while (!this.closed && this.waiting.length > 0) {
      const idle = this.idle.pop();
      if (idle) {
        this.waiting.shift()?.resolve(idle);
        continue;
      }
      if (this.sessions >= this.maxSessions) return;
      const waiter = this.waiting.shift();
      if (!waiter) return;
      this.sessions += 1;
      // The send that needed the session gets it, or the reason it could not be opened.
      openSession(this.config, this.forgetIdle).then(waiter.resolve, (error: unknown) => {
        this.sessions -= 1;
        waiter.reject(error);
        this.dispatch();
      });
    }
  }
}

/** The connection was closed or reset (no reply, no timeout) before the server took the DATA command. */
function isClosedBeforeData(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, command } = error as SMTPConnection.SMTPError;
  return (code === "ECONNECTION" || code === "ESOCKET") && command !== "DATA";
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

/**
 * Sends through an SMTP server over a pool of `maxConnections` kept-open nodemailer SMTP connections; the MIME text
 * is built by {@link composeMimeMessage}.
 */
export class SmtpProvider implements EmailProvider {
  /** SMTP has no idempotency: a retried message after an unknown outcome may be delivered twice. */
  readonly idempotent = false;
  readonly maxInFlight: number;
  private readonly pool: SessionPool;

  constructor(private readonly config: SmtpConnectorConfig) {
    this.maxInFlight = config.maxConnections;
    this.pool = new SessionPool(config, config.maxConnections);
  }

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const composed = composeMimeMessage(message);
    for (;;) {
      let session: PooledSession;
      try {
        session = await this.pool.acquire();
      } catch (error) {
        throw toSmtpSendError(error);
      }
      const reused = session.messagesSent > 0;
      try {
        await session.send(composed);
        this.pool.release(session);
        return { messageId: composed.messageId };
      } catch (error) {
        await this.pool.releaseAfterFailure(session);
        // A kept-open connection the server closed while it sat idle fails before any of the message left, so the
        // message goes out again on another connection; a new connection failing is a real failure.
        if (reused && isClosedBeforeData(error)) continue;
        throw toSmtpSendError(error);
      }
    }
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const server = `${this.config.host}:${this.config.port}`;
    const warnings = portWarnings(this.config);
    try {
      const session = await openSession(this.config, () => undefined);
      session.end();
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
    this.pool.close();
  }
}
