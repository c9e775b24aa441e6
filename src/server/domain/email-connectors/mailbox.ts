/** `"Name" <address>` when there is a display name, the bare address otherwise. */
export function formatMailbox(address: string, name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return address;
  return `"${trimmed.replace(/["\\]/g, "\\$&")}" <${address}>`;
}

/** Encoded words are at most 75 characters; 45 bytes make 60 base64 characters plus the `=?UTF-8?B?…?=` frame. */
const ENCODED_WORD_BYTES = 45;

/** Header text as is when it is printable ASCII, as RFC 2047 encoded words otherwise. */
export function encodeHeaderText(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text;
  const words: string[] = [];
  let chunk = "";
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString("base64")}?=`).join(" ");
}

/**
 * {@link formatMailbox} for raw headers and APIs that take the header text as is (SES): a display name with
 * characters outside printable ASCII is sent as RFC 2047 encoded words.
 */
export function formatMailboxHeader(address: string, name: string): string {
  const trimmed = name.trim();
  if (!/[^\x20-\x7e]/.test(trimmed)) return formatMailbox(address, trimmed);
  return `${encodeHeaderText(trimmed)} <${address}>`;
}
