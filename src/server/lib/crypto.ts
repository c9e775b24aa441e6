import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const CIPHER = "aes-256-gcm";
const FORMAT_VERSION = "v1";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** The key id is a fingerprint of the secret, so a ciphertext names the secret that can open it. */
export function deriveEncryptionKey(secret: string): EncryptionKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "emailops", "connector-config:aes-256-gcm", 32));
  const id = createHash("sha256").update(key).digest("hex").slice(0, 12);
  return { id, key };
}

export class Keyring {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly current: EncryptionKey,
    previous: EncryptionKey[] = [],
  ) {
    this.byId = new Map([current, ...previous].map((k) => [k.id, k.key]));
  }

  static fromSecrets(secret: string, previousSecrets: string | undefined): Keyring {
    const previous = (previousSecrets ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map(deriveEncryptionKey);
    return new Keyring(deriveEncryptionKey(secret), previous);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.id));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT_VERSION, this.current.id, iv, tag, ciphertext]
      .map((part) => (Buffer.isBuffer(part) ? part.toString("base64url") : part))
      .join(".");
  }

  decrypt(payload: string): string {
    const parts = payload.split(".");
    const [version, keyId, iv, tag, ciphertext] = parts;
    if (parts.length !== 5 || version !== FORMAT_VERSION || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new Error("Encrypted value is malformed");
    }
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`No encryption key with id ${keyId} is configured (was ENCRYPTION_SECRET rotated?)`);
    const decipher = createDecipheriv(CIPHER, key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  }

  /** True when the value was sealed with a retired key and should be re-encrypted. */
  needsRotation(payload: string): boolean {
    return payload.split(".")[1] !== this.current.id;
  }

  encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }

  decryptJson<T>(payload: string): T {
    return JSON.parse(this.decrypt(payload)) as T;
  }
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 64, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT.keylen, SCRYPT);
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** API keys and unsubscribe tokens are random; only their SHA-256 is stored, which is enough for 256-bit secrets. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
