import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { FailurePlan, type FailureControl } from "./failure-plan";
import { closeServer, handleControlRoute, listen, sendJson } from "./http-helpers";
import { RecipientCounter, type FakeDeliveryStats } from "./recipient-counter";

/**
 * A fast local SMTP server that accepts everything and counts emails per recipient address. No STARTTLS, no size
 * checks, no reverse lookups; message bodies are drained without being kept unless `keepMessages` is on. An optional
 * HTTP endpoint (`statsPort`) lets another process read the counts: GET /stats (?perRecipient=1), GET /messages,
 * POST /control (FailureControl JSON), POST /reset.
 *
 * Failure controls: "throttle" answers RCPT TO with `451 4.7.1 Too many messages, slow down`, "fail" with
 * `451 4.3.0 Temporary server error`, a rejected recipient with 550 and its message.
 */

export interface SmtpSinkOptions {
  port?: number;
  /** Also serve the stats over HTTP; 0 picks a free port. */
  statsPort?: number;
  /** Require AUTH PLAIN/LOGIN with these credentials (over plain text: it is a local test server). */
  auth?: { username: string; password: string };
  /** Keep each message's envelope, headers and raw text (default false: count only). */
  keepMessages?: boolean;
}

export interface SmtpRecordedMessage {
  from: string;
  to: string[];
  /** Header names lower-cased; folded lines joined. */
  headers: Record<string, string>;
  raw: string;
}

export interface SmtpSink {
  port: number;
  statsPort: number | null;
  messages: SmtpRecordedMessage[];
  /** SMTP connections accepted since start (or the last reset). */
  connectionsOpened(): number;
  /** SMTP connections open right now. */
  openConnections(): number;
  /** Cuts every open SMTP connection at once, as a server restart or a network failure would. */
  dropConnections(): void;
  stats(includePerRecipient?: boolean): FakeDeliveryStats;
  control(control: FailureControl): void;
  reset(): void;
  close(): Promise<void>;
}

function parseHeaders(raw: string): Record<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const keepMessages = options.keepMessages ?? false;
  const messages: SmtpRecordedMessage[] = [];
  const counter = new RecipientCounter();
  const failures = new FailurePlan();
  const auth = options.auth;
  let connections = 0;

  const target = {
    stats: (includePerRecipient = false) => counter.stats(includePerRecipient),
    messages: () => messages,
    control: (control: FailureControl) => failures.apply(control),
    reset: () => {
      messages.length = 0;
      counter.reset();
      failures.reset();
      connections = 0;
    },
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    hideSTARTTLS: true,
    authOptional: !auth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 200,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.username && credentials.password === auth.password) callback(null, { user: auth.username });
      else callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
    },
    onRcptTo(address, _session, callback) {
      const failure = failures.next([address.address]);
      if (failure?.kind === "throttle") callback(smtpError(451, "4.7.1 Too many messages, slow down"));
      else if (failure?.kind === "fail") callback(smtpError(451, "4.3.0 Temporary server error, try again"));
      else if (failure?.kind === "reject") callback(smtpError(550, failure.message));
      else callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      if (keepMessages) stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      else stream.resume();
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        for (const address of to) counter.record(address);
        if (keepMessages) {
          const raw = Buffer.concat(chunks).toString("utf8");
          const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
          messages.push({ from, to, headers: parseHeaders(raw), raw });
        }
        callback();
      });
    },
  });
  // A client that drops its connection (a killed worker) emits an error; it must not take the sink down.
  server.on("error", () => undefined);
  const sockets = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("the SMTP sink has no TCP address");

  let statsServer: Server | null = null;
  let statsPort: number | null = null;
  if (options.statsPort !== undefined) {
    const http = createServer((req, res) => {
      handleControlRoute(req, res, "/", target)
        .then((handled) => {
          if (!handled) sendJson(res, 404, { error: `unknown route ${req.method} ${req.url}` });
        })
        .catch((error: unknown) => sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) }));
    });
    statsPort = await listen(http, options.statsPort);
    statsServer = http;
  }

  return {
    port: address.port,
    statsPort,
    messages,
    connectionsOpened: () => connections,
    openConnections: () => server.connections.size,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    stats: target.stats,
    control: target.control,
    reset: target.reset,
    async close() {
      if (statsServer) await closeServer(statsServer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
