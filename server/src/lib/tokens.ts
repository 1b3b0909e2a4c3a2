import { createHash, randomBytes, randomInt } from "node:crypto";

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

const poolSize = 4096;
let pool = randomBytes(poolSize);
let poolOffset = 0;

/**
 * Random bytes from a pool refilled 4 KiB at a time: one call into OpenSSL per token costs more
 * than the rest of a short-link redirect. Each byte is handed out once.
 */
function takeRandomBytes(length: number): Uint8Array {
  if (length > poolSize) return randomBytes(length);
  if (poolOffset + length > poolSize) {
    pool = randomBytes(poolSize);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

/** A random, unguessable token from an unambiguous alphabet (for keys, sessions, customer-facing codes). */
export function randomToken(length = 32): string {
  const bytes = takeRandomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export function randomDigits(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += String(randomInt(0, 10));
  return out;
}

/** Tokens are stored only as their SHA-256; they are high-entropy, so no slow hash is needed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
