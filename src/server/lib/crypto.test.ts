import { describe, expect, it } from "vitest";
import { deriveEncryptionKey, hashPassword, Keyring, randomToken, sha256Hex, verifyPassword } from "./crypto";

const OLD_SECRET = "old-secret-old-secret-old-secret-0001";
const NEW_SECRET = "new-secret-new-secret-new-secret-0002";

function tamper(payload: string, part: number): string {
  const parts = payload.split(".");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("Keyring", () => {
  it("round-trips JSON and never leaves the plaintext visible", () => {
    const keyring = Keyring.fromSecrets(NEW_SECRET, undefined);
    const config = { host: "db.internal", password: "hunter2-very-secret", port: 5432 };
    const sealed = keyring.encryptJson(config);
    expect(sealed).not.toContain("hunter2");
    expect(sealed.split(".")).toHaveLength(5);
    expect(keyring.decryptJson(sealed)).toEqual(config);
  });

  it("uses a fresh IV each time, so equal plaintexts give different ciphertexts", () => {
    const keyring = Keyring.fromSecrets(NEW_SECRET, undefined);
    expect(keyring.encrypt("same")).not.toBe(keyring.encrypt("same"));
  });

  it("detects tampering with the ciphertext, the tag, the IV or the key id", () => {
    const keyring = Keyring.fromSecrets(NEW_SECRET, undefined);
    const sealed = keyring.encrypt("payload that matters");
    expect(() => keyring.decrypt(tamper(sealed, 4))).toThrow();
    expect(() => keyring.decrypt(tamper(sealed, 3))).toThrow();
    expect(() => keyring.decrypt(tamper(sealed, 2))).toThrow();
    expect(() => keyring.decrypt(sealed.replace(keyring.currentKeyId, "000000000000"))).toThrow(/No encryption key/);
    expect(() => keyring.decrypt("v1.only.three")).toThrow(/malformed/);
  });

  it("opens values sealed with a previous secret only while that secret is configured, and flags them for rotation", () => {
    const sealedWithOld = Keyring.fromSecrets(OLD_SECRET, undefined).encryptJson({ token: "t-1" });

    const rotating = Keyring.fromSecrets(NEW_SECRET, ` ${OLD_SECRET} , `);
    expect(rotating.decryptJson(sealedWithOld)).toEqual({ token: "t-1" });
    expect(rotating.needsRotation(sealedWithOld)).toBe(true);
    const resealed = rotating.encrypt(rotating.decrypt(sealedWithOld));
    expect(rotating.needsRotation(resealed)).toBe(false);

    const withoutOld = Keyring.fromSecrets(NEW_SECRET, undefined);
    expect(() => withoutOld.decrypt(sealedWithOld)).toThrow(/No encryption key with id/);
    expect(withoutOld.decryptJson(resealed)).toEqual({ token: "t-1" });
  });

  it("derives a stable key id per secret and different ids for different secrets", () => {
    expect(deriveEncryptionKey(NEW_SECRET).id).toBe(deriveEncryptionKey(NEW_SECRET).id);
    expect(deriveEncryptionKey(NEW_SECRET).id).not.toBe(deriveEncryptionKey(OLD_SECRET).id);
  });
});

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored.startsWith("scrypt$")).toBe(true);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery!", stored)).toBe(false);
  });

  it("salts every hash and rejects malformed stored values", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
    expect(await verifyPassword("anything", "")).toBe(false);
  });
});

describe("tokens", () => {
  it("hashes deterministically and generates url-safe random tokens", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = randomToken(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(32)).not.toBe(token);
  });
});
