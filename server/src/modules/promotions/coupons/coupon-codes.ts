import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";

/**
 * 32 symbols with no 0/O or 1/I to confuse when a code is read out or typed: 12 of them carry 60
 * random bits, so a shop with a million codes has about one chance in a million of a clash
 * (retried) and a guesser one chance in a million per try of hitting any code.
 */
export const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const codeLength = 12;

/**
 * Bytes of a version-4 UUID that are fully random (byte 6 carries the version nibble): 256 is a
 * multiple of 32, so byte % 32 picks every symbol with the same chance.
 */
const randomUuidBytes = [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13] as const;

/** A fresh random coupon code (crypto-strong). */
export function randomCouponCode(): string {
  const bytes = randomBytes(codeLength);
  let out = "";
  for (const byte of bytes) out += codeAlphabet[byte % codeAlphabet.length];
  return out;
}

/**
 * The same code drawn inside PostgreSQL, from `bytes` = uuid_send(gen_random_uuid()) (strong
 * randomness on both PostgreSQL and PGlite), so millions of codes never leave the database.
 * `bytes` must be evaluated once per row (a column of a subquery that calls gen_random_uuid()).
 */
export function couponCodeSql(bytes: SQL): SQL {
  const parts = randomUuidBytes.map(
    (i) =>
      sql`substr(${sql.raw(`'${codeAlphabet}'`)}, get_byte(${bytes}, ${sql.raw(String(i))}) % 32 + 1, 1)`,
  );
  return sql.join(parts, sql` || `);
}

/** What a member or clerk typed ("abcd-efgh jklm") as the stored code, or null when it cannot be one. */
export function normaliseCouponCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== codeLength) return null;
  for (const ch of code) if (!codeAlphabet.includes(ch)) return null;
  return code;
}

/** Codes are shown in groups of four: "ABCD EFGH JKLM". */
export function formatCouponCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, "$1 ");
}
