import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { hashToken, randomDigits } from "../../lib/tokens.js";
import type { SmsSender } from "./sms-senders.js";
import { memberOtpCodes } from "./tables.js";

export const otpRules = {
  codeLength: 6,
  lifetimeSeconds: 300,
  resendAfterSeconds: 60,
  maxAttempts: 5,
  maxSendsPerHour: 10,
};

const codeHash = (merchantId: string, phone: string, code: string) =>
  hashToken(`${merchantId}:${phone}:${code}`);

/**
 * Sends a fresh code to a phone. A phone may ask again after a minute and at most ten times an
 * hour; each new code replaces the last and resets its attempts.
 */
export async function sendLoginCode(
  database: Database,
  merchant: { id: string; name: string },
  phone: string,
  sender: SmsSender,
  now = new Date(),
): Promise<{ retryAfterSeconds: number; expiresInSeconds: number }> {
  const code = randomDigits(otpRules.codeLength);
  await withMerchant(database, merchant.id, async (tx) => {
    const [previous] = await tx
      .select()
      .from(memberOtpCodes)
      .where(and(eq(memberOtpCodes.merchantId, merchant.id), eq(memberOtpCodes.phone, phone)))
      .for("update");
    const sinceLast = previous
      ? (now.getTime() - previous.createdAt.getTime()) / 1000
      : Number.POSITIVE_INFINITY;
    if (sinceLast < otpRules.resendAfterSeconds) {
      const wait = Math.ceil(otpRules.resendAfterSeconds - sinceLast);
      throw new AppError("rate_limited", `Please wait ${wait} s before asking for another code`, {
        retryAfterSeconds: wait,
      });
    }
    const sentThisHour = previous && sinceLast < 3600 ? previous.sentCount + 1 : 1;
    if (sentThisHour > otpRules.maxSendsPerHour) {
      throw new AppError("rate_limited", "Too many codes for this phone; try again in an hour");
    }
    const values = {
      codeHash: codeHash(merchant.id, phone, code),
      attempts: 0,
      sentCount: sentThisHour,
      createdAt: now,
      expiresAt: new Date(now.getTime() + otpRules.lifetimeSeconds * 1000),
    };
    await tx
      .insert(memberOtpCodes)
      .values({ merchantId: merchant.id, phone, ...values })
      .onConflictDoUpdate({ target: [memberOtpCodes.merchantId, memberOtpCodes.phone], set: values });
  });
  await sender.send({ phone, code, merchant: merchant.name, expiresInSeconds: otpRules.lifetimeSeconds });
  return { retryAfterSeconds: otpRules.resendAfterSeconds, expiresInSeconds: otpRules.lifetimeSeconds };
}

/**
 * Checks a code. A wrong code uses up an attempt (counted even under parallel guesses, because the
 * row is locked); the right one is consumed so it cannot be replayed.
 */
export async function verifyLoginCode(
  database: Database,
  merchantId: string,
  phone: string,
  code: string,
  now = new Date(),
): Promise<void> {
  const outcome = await withMerchant(database, merchantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(memberOtpCodes)
      .where(and(eq(memberOtpCodes.merchantId, merchantId), eq(memberOtpCodes.phone, phone)))
      .for("update");
    if (!row || row.expiresAt <= now) return "expired";
    if (row.attempts >= otpRules.maxAttempts) return "exhausted";
    if (row.codeHash !== codeHash(merchantId, phone, code)) {
      await tx
        .update(memberOtpCodes)
        .set({ attempts: sql`${memberOtpCodes.attempts} + 1` })
        .where(and(eq(memberOtpCodes.merchantId, merchantId), eq(memberOtpCodes.phone, phone)));
      return "wrong";
    }
    await tx
      .update(memberOtpCodes)
      .set({ expiresAt: now, attempts: otpRules.maxAttempts })
      .where(and(eq(memberOtpCodes.merchantId, merchantId), eq(memberOtpCodes.phone, phone)));
    return "ok";
  });
  if (outcome === "ok") return;
  const messages = {
    expired: "The code has expired or was never sent; ask for a new one",
    exhausted: "Too many wrong attempts; ask for a new code",
    wrong: "Wrong code",
  } as const;
  throw new AppError("invalid_code", messages[outcome], { reason: outcome });
}
