/**
 * Starts the SES v2 or Resend fake as its own process and prints `{"port":N,"url":"http://127.0.0.1:N"}` as one JSON
 * line on stdout; runs until SIGTERM or SIGINT. Counts and failure controls are under /_fake/ (stats, messages,
 * control, reset).
 *
 *   npx tsx src/test/fakes/http-fake-cli.ts ses|resend [--port N] [--keep-messages] [--latency-ms N] [--max-send-rate N]
 *
 * Messages are only counted per recipient unless --keep-messages is given, so long benchmark runs stay small.
 */
import { parseArgs } from "node:util";
import { startFakeResendServer } from "./resend-server";
import { startFakeSesServer } from "./ses-v2-server";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "0" },
    "keep-messages": { type: "boolean", default: false },
    "latency-ms": { type: "string", default: "0" },
    "max-send-rate": { type: "string" },
  },
});

const common = { port: Number(values.port), keepMessages: values["keep-messages"], latencyMs: Number(values["latency-ms"]) };
const maxSendRate = values["max-send-rate"] === undefined ? undefined : Number(values["max-send-rate"]);
const kind = positionals[0];
let fake: { port: number; url: string; close: () => Promise<void> };
if (kind === "ses") {
  fake = await startFakeSesServer({ ...common, ...(maxSendRate !== undefined ? { account: { maxSendRate } } : {}) });
} else if (kind === "resend") {
  fake = await startFakeResendServer({ ...common, ...(maxSendRate !== undefined ? { rateLimitPerSecond: maxSendRate } : {}) });
} else {
  process.stderr.write("usage: http-fake-cli.ts ses|resend [--port N] [--keep-messages] [--latency-ms N] [--max-send-rate N]\n");
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ port: fake.port, url: fake.url })}\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
