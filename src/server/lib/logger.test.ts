import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger({ level: "info", destination }) };
}

describe("logger redaction", () => {
  it("never writes credentials, connector configs or auth headers", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: "hunter2-secret",
        connector: { config: { connectionString: "postgres://u:pw-secret@db/x" } },
        req: { headers: { authorization: "Bearer eo_secret", cookie: "session=secret" } },
        apiKey: "eo_abcdef-secret",
        keep: "visible-value",
      },
      "hello",
    );
    const output = lines.join("");
    expect(output).toContain("visible-value");
    expect(output).not.toMatch(/secret/);
    expect(output).toContain("[REDACTED]");
  });
});
