import { describe, expect, it } from "vitest";
import type { OutgoingEmail } from "../types";
import { toProviderTags } from "./message-tags";
import { composeMimeMessage } from "./mime";
import { parseRetryAfter } from "./retry-after";

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: "news@acme.test",
  fromName: "Acme News",
  to: "alice@example.com",
  subject: "Hello",
  html: "<p>Hello</p>",
  text: "Hello",
  headers: {},
  ...overrides,
});

function split(raw: string) {
  const [head = "", ...rest] = raw.split("\r\n\r\n");
  const headers = head.split("\r\n");
  return { headers, body: rest.join("\r\n\r\n") };
}

describe("composeMimeMessage", () => {
  it("writes a multipart/alternative message with the envelope, standard headers and the caller's headers", () => {
    const composed = composeMimeMessage(
      email({ replyTo: "support@acme.test", headers: { "List-Unsubscribe": "<https://app.test/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }),
      new Date("2026-03-01T10:20:30Z"),
    );
    expect(composed.envelope).toEqual({ from: "news@acme.test", to: ["alice@example.com"] });
    expect(composed.messageId).toMatch(/^<[0-9a-f-]{36}@acme\.test>$/);
    const { headers, body } = split(composed.raw);
    const boundary = /boundary="([^"]+)"/.exec(composed.raw)?.[1] ?? "";
    expect(headers).toEqual([
      'From: "Acme News" <news@acme.test>',
      "To: alice@example.com",
      "Reply-To: support@acme.test",
      "Subject: Hello",
      "Date: Sun, 01 Mar 2026 10:20:30 +0000",
      `Message-ID: ${composed.messageId}`,
      "MIME-Version: 1.0",
      "List-Unsubscribe: <https://app.test/u/tok>",
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
    ]);
    expect(body).toBe(
      [
        `--${boundary}`,
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 7bit",
        "",
        "Hello",
        `--${boundary}`,
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: 7bit",
        "",
        "<p>Hello</p>",
        `--${boundary}--`,
        "",
      ].join("\r\n"),
    );
    expect(composeMimeMessage(email()).raw).not.toContain(boundary);
  });

  it("encodes non-ASCII names, subjects and header values as encoded words and non-ASCII or long-lined bodies as base64", () => {
    const html = `<p>Grüße</p>\n${"x".repeat(1200)}`;
    const { raw } = composeMimeMessage(email({ fromName: "Zoë", subject: "Grüße aus Köln", html, text: "plain\nlines", headers: { "X-Note": "Café" } }));
    expect(raw).toContain(`From: =?UTF-8?B?${Buffer.from("Zoë").toString("base64")}?= <news@acme.test>\r\n`);
    expect(raw).toContain(`Subject: =?UTF-8?B?${Buffer.from("Grüße aus Köln").toString("base64")}?=\r\n`);
    expect(raw).toContain(`X-Note: =?UTF-8?B?${Buffer.from("Café").toString("base64")}?=\r\n`);
    expect(raw).toContain("Content-Transfer-Encoding: 7bit\r\n\r\nplain\r\nlines\r\n");
    const encoded = /text\/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(raw)?.[1] ?? "";
    expect(encoded.split("\r\n").every((line) => line.length <= 76)).toBe(true);
    expect(Buffer.from(encoded.replace(/\r\n/g, ""), "base64").toString("utf8")).toBe(html.replace(/\n/g, "\r\n"));
  });

  it("cannot be used to inject headers, and leaves out headers it writes itself or with invalid names", () => {
    const { raw } = composeMimeMessage(
      email({ headers: { "X-Campaign": "spring\r\nBcc: victim@example.com", Subject: "Other", "Bad Name": "x", "Content-Type": "text/plain" } }),
    );
    const { headers } = split(raw);
    expect(headers).toContain("X-Campaign: spring Bcc: victim@example.com");
    expect(headers.filter((line) => /^bcc:/i.test(line))).toEqual([]);
    expect(headers.filter((line) => line.startsWith("Subject:"))).toEqual(["Subject: Hello"]);
    expect(headers.some((line) => line.startsWith("Bad Name"))).toBe(false);
    expect(headers.filter((line) => line.startsWith("Content-Type:"))).toHaveLength(1);
  });
});

describe("toProviderTags", () => {
  it("keeps only letters, digits, _ and - (at most 256) and drops tags left empty", () => {
    expect(toProviderTags({ run_id: "3f1c-42", "recipient.id": "a:b c", empty: "", "": "x", long: "y".repeat(300) })).toEqual([
      { name: "run_id", value: "3f1c-42" },
      { name: "recipient_id", value: "a_b_c" },
      { name: "long", value: "y".repeat(256) },
    ]);
    expect(toProviderTags(undefined)).toEqual([]);
  });
});

describe("parseRetryAfter", () => {
  it("reads delay seconds and HTTP dates, and ignores what it cannot read", () => {
    const now = Date.parse("2026-03-01T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Sun, 01 Mar 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
