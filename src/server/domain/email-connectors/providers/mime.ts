import { randomUUID } from "node:crypto";
import { encodeHeaderText, formatMailboxHeader } from "../mailbox";
import type { OutgoingEmail } from "../types";

/** RFC 5322 caps a line at 998 characters; a body part with a longer line (minified HTML) must be encoded. */
const MAX_LINE_LENGTH = 998;
const BASE64_LINE_LENGTH = 76;

/** Headers the message builder (ours or the provider's) writes itself; a caller's header of the same name would duplicate or contradict them. */
const RESERVED_HEADERS = new Set(["from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding"]);

function normalizeLineBreaks(text: string): string {
  // Rendered templates break lines with a bare LF; replacing a plain string is about twice as fast as the regex.
  if (!text.includes("\r")) return text.replaceAll("\n", "\r\n");
  return text.replace(/\r?\n|\r/g, "\r\n");
}

function fitsSevenBit(text: string): boolean {
  // Every character outside ASCII takes two or more UTF-8 bytes; counting them is cheaper than a regex search.
  if (Buffer.byteLength(text, "utf8") !== text.length) return false;
  if (text.length <= MAX_LINE_LENGTH) return true;
  let lineStart = 0;
  for (let index = text.indexOf("\r\n"); index !== -1; index = text.indexOf("\r\n", lineStart)) {
    if (index - lineStart > MAX_LINE_LENGTH) return false;
    lineStart = index + 2;
  }
  return text.length - lineStart <= MAX_LINE_LENGTH;
}

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, "utf8").toString("base64");
  // Appending builds a rope that is copied once, when the message is joined; an array of lines and join() cost more.
  let lines = encoded.slice(0, BASE64_LINE_LENGTH);
  for (let start = BASE64_LINE_LENGTH; start < encoded.length; start += BASE64_LINE_LENGTH) lines += `\r\n${encoded.slice(start, start + BASE64_LINE_LENGTH)}`;
  return lines;
}

/** A text part: plain 7bit when it is ASCII with short lines (readable, no cost), base64 otherwise. */
function bodyPart(contentType: string, content: string): string {
  const text = normalizeLineBreaks(content);
  if (fitsSevenBit(text)) return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${text}`;
  return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(text)}`;
}

/** Line breaks in a header value would start a new header (header injection); they become spaces. */
function headerValue(value: string): string {
  return encodeHeaderText(value.replace(/[\r\n]+/g, " ").trim());
}

/**
 * The caller's headers fit for a raw message or a provider's header list: valid names only, none of the headers the
 * message builder writes itself, values on one line and printable ASCII.
 */
export function customHeaders(headers: Record<string, string>): [name: string, value: string][] {
  return Object.entries(headers)
    .filter(([name]) => /^[!-9;-~]+$/.test(name) && !RESERVED_HEADERS.has(name.toLowerCase()))
    .map(([name, value]) => [name, headerValue(value)]);
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

function messageIdDomain(address: string): string {
  const domain = address.slice(address.lastIndexOf("@") + 1);
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : "emailops.local";
}

export interface ComposedMessage {
  messageId: string;
  envelope: { from: string; to: string[] };
  raw: string;
}

/**
 * Builds the MIME text of a multipart/alternative email (text, then HTML). Written by hand because composing with
 * nodemailer's MailComposer costs about twice the CPU of the whole SMTP exchange, which limits a worker's send rate.
 */
export function composeMimeMessage(message: OutgoingEmail, now = new Date()): ComposedMessage {
  const messageId = `<${randomUUID()}@${messageIdDomain(message.from)}>`;
  // randomUUID draws from a buffered entropy pool; randomBytes per message showed up in profiles.
  const boundary = `=_emailops_${randomUUID().replace(/-/g, "")}`;
  const headers = [
    `From: ${formatMailboxHeader(message.from, message.fromName)}`,
    `To: ${message.to}`,
    ...(message.replyTo ? [`Reply-To: ${message.replyTo}`] : []),
    `Subject: ${headerValue(message.subject)}`,
    `Date: ${rfc5322Date(now)}`,
    `Message-ID: ${messageId}`,
    "MIME-Version: 1.0",
    ...customHeaders(message.headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const raw = [
    headers.join("\r\n"),
    "",
    `--${boundary}`,
    bodyPart("text/plain", message.text),
    `--${boundary}`,
    bodyPart("text/html", message.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return { messageId, envelope: { from: message.from, to: [message.to] }, raw };
}
