// API keys: shown once at creation, stored only as a SHA-256 hash plus a short visible prefix.
// Keys are 192-bit random strings, so a fast hash is enough (no password stretching needed).
import crypto from "node:crypto";

export type KeyKind = "ingest" | "read";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomBase62(length: number): string {
  const bytes = crypto.randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 * 62: no modulo bias
  }
  return out.length === length ? out : randomBase62(length);
}

export function generateKey(kind: KeyKind): string {
  return `sl_${kind === "ingest" ? "ingest" : "read"}_${randomBase62(32)}`;
}

export function hashKey(key: string): string {
  return crypto.createHash("sha256").update(key, "utf8").digest("hex");
}

/** The part of a key that is safe to show again: enough to recognise it, never enough to use it. */
export function keyPrefix(key: string): string {
  const visible = key.startsWith("sl_") ? key.indexOf("_", 3) + 5 : Math.min(6, Math.floor(key.length / 3));
  return `${key.slice(0, visible)}…`;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
