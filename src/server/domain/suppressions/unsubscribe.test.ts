import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUnsubscribeSigner, listUnsubscribeHeaders, unsubscribeSignerFromEnv, unsubscribeUrl } from "./unsubscribe";

const SECRET = "unit-test-secret-0123456789abcdef0123456789";
const OTHER_SECRET = "another-secret-0123456789abcdef0123456789ab";

function flipCharacter(token: string, index: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const current = token.charAt(index);
  const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length] ?? "A";
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

describe("createUnsubscribeSigner", () => {
  const signer = createUnsubscribeSigner(SECRET);

  it("round-trips recipient ids through url-safe tokens", () => {
    for (const id of [1, 2, 42, 1_000_000, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER]) {
      const token = signer.token(id);
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(encodeURIComponent(token)).toBe(token);
      expect(signer.verify(token)).toBe(id);
    }
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => signer.verify(signer.token(id)) === id));
  });

  it("gives different recipients unrelated-looking tokens and the same recipient the same token", () => {
    expect(signer.token(7)).toBe(signer.token(7));
    const macOf = (token: string) => Buffer.from(token, "base64url").subarray(8).toString("hex");
    expect(macOf(signer.token(7))).not.toBe(macOf(signer.token(8)));
    expect(Buffer.from(signer.token(7), "base64url").subarray(8)).toHaveLength(16);
  });

  it("refuses a token with any single character changed", () => {
    const token = signer.token(123_456);
    for (let i = 0; i < token.length; i += 1) {
      expect(signer.verify(flipCharacter(token, i)), `character ${i}`).toBeNull();
    }
  });

  it("refuses another recipient's id spliced onto a valid MAC", () => {
    const mine = Buffer.from(signer.token(10), "base64url");
    const forged = Buffer.concat([Buffer.from(signer.token(11), "base64url").subarray(0, 8), mine.subarray(8)]);
    expect(signer.verify(forged.toString("base64url"))).toBeNull();
  });

  it("refuses tokens made with another secret, and the key is separated from other uses of the secret", () => {
    const other = createUnsubscribeSigner(OTHER_SECRET);
    expect(other.verify(signer.token(5))).toBeNull();
    expect(signer.verify(other.token(5))).toBeNull();
  });

  it("still verifies tokens signed with a previous secret, but signs only with the current one", () => {
    const old = createUnsubscribeSigner(OTHER_SECRET);
    const rotated = createUnsubscribeSigner(SECRET, [OTHER_SECRET]);
    expect(rotated.verify(old.token(99))).toBe(99);
    expect(rotated.token(99)).toBe(signer.token(99));
    expect(old.verify(rotated.token(99))).toBeNull();
  });

  it("reads the previous secrets from the environment like the keyring does", () => {
    const old = createUnsubscribeSigner(OTHER_SECRET);
    const fromEnv = unsubscribeSignerFromEnv({ ENCRYPTION_SECRET: SECRET, ENCRYPTION_PREVIOUS_SECRETS: ` x-unused-secret-0123456789abcdefghijkl , ${OTHER_SECRET} ` });
    expect(fromEnv.verify(old.token(3))).toBe(3);
    expect(unsubscribeSignerFromEnv({ ENCRYPTION_SECRET: SECRET, ENCRYPTION_PREVIOUS_SECRETS: undefined }).verify(old.token(3))).toBeNull();
  });

  it("answers null, never throws, for malformed input", () => {
    const valid = signer.token(1);
    const malformed: unknown[] = [
      "",
      "abc",
      valid.slice(1),
      `${valid}A`,
      `${valid}=`,
      valid.replace(/.$/, "+"),
      valid.replace(/.$/, "/"),
      valid.replace(/^./, "."),
      ` ${valid.slice(1)}`,
      "A".repeat(32),
      "_".repeat(32),
      "x".repeat(10_000),
      "%00".repeat(11),
      null,
      undefined,
      42,
      {},
    ];
    for (const input of malformed) expect(signer.verify(input as string), String(input)).toBeNull();
    fc.assert(fc.property(fc.string(), (input) => input === valid || signer.verify(input) === null));
  });

  it("refuses a correctly signed id of zero or beyond the safe integer range", () => {
    expect(() => signer.token(0)).toThrow(RangeError);
    expect(() => signer.token(-1)).toThrow(RangeError);
    expect(() => signer.token(1.5)).toThrow(RangeError);
    expect(() => signer.token(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it("signs and verifies tens of thousands of tokens per second", () => {
    const count = 50_000;
    const started = performance.now();
    for (let id = 1; id <= count; id += 1) signer.verify(signer.token(id));
    const perSecond = count / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(20_000);
  });
});

describe("unsubscribeUrl", () => {
  it("joins the app URL and the token under /u/ without double slashes", () => {
    expect(unsubscribeUrl("https://mail.example.com", "TOKEN")).toBe("https://mail.example.com/u/TOKEN");
    expect(unsubscribeUrl("https://mail.example.com/", "TOKEN")).toBe("https://mail.example.com/u/TOKEN");
    expect(unsubscribeUrl("https://example.com/emailops//", "TOKEN")).toBe("https://example.com/emailops/u/TOKEN");
  });
});

describe("listUnsubscribeHeaders", () => {
  it("builds RFC 2369 and RFC 8058 one-click headers", () => {
    expect(listUnsubscribeHeaders("https://mail.example.com/u/TOKEN")).toEqual({
      "List-Unsubscribe": "<https://mail.example.com/u/TOKEN>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });
});
