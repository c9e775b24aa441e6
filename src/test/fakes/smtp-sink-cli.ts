/**
 * Starts the SMTP sink as its own process and prints its ports as one JSON line on stdout, e.g.
 * `{"smtpPort":40123,"statsPort":40124}`; runs until SIGTERM or SIGINT.
 *
 *   npx tsx src/test/fakes/smtp-sink-cli.ts [--port N] [--stats-port N] [--auth user:password] [--keep-messages]
 *
 * Ports default to free ones. Read the counts with `curl http://127.0.0.1:<statsPort>/stats`.
 */
import { parseArgs } from "node:util";
import { startSmtpSink } from "./smtp-sink";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "stats-port": { type: "string", default: "0" },
    auth: { type: "string" },
    "keep-messages": { type: "boolean", default: false },
  },
});

const [username, ...passwordParts] = values.auth?.split(":") ?? [];
const sink = await startSmtpSink({
  port: Number(values.port),
  statsPort: Number(values["stats-port"]),
  keepMessages: values["keep-messages"],
  ...(username ? { auth: { username, password: passwordParts.join(":") } } : {}),
});
process.stdout.write(`${JSON.stringify({ smtpPort: sink.port, statsPort: sink.statsPort })}\n`);

const stop = () => {
  void sink.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
