import pino, { type Logger } from "pino";
import { REDACTED } from "@/server/lib/redaction";
import { env } from "./env";

/** Paths whose values never reach a log line: credentials, connector configs, tokens. */
export const redactedLogPaths = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "config",
  "*.config",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "connectionString",
  "*.connectionString",
  "credentialsJson",
  "*.credentialsJson",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? env().LOG_LEVEL,
      redact: { paths: redactedLogPaths, censor: REDACTED },
      base: { service: "emailops" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

let rootLogger: Logger | undefined;

export function logger(): Logger {
  rootLogger ??= createLogger();
  return rootLogger;
}
