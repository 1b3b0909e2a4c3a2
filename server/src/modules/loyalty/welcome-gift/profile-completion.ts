import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { Actor } from "../../audit/record-audit.js";
import { ledgerEntries } from "../ledger/tables.js";
import { earnPoints } from "../points/earn-points.js";
import { getLoyaltySettings } from "../points/loyalty-settings.js";

/** The profile fields a member fills in on the member page for the completion reward. */
export type ProfileForCompletion = {
  name: string | null;
  gender: string | null;
  birthday: string | null;
  city: string | null;
};

/**
 * A profile is complete with a name, a gender other than "unknown", a birthday and a city (the
 * fields the member page asks for; province and district follow the city, email is optional).
 */
export function isProfileComplete(profile: ProfileForCompletion): boolean {
  return Boolean(
    profile.name?.trim() &&
      profile.gender &&
      profile.gender !== "unknown" &&
      profile.birthday &&
      profile.city?.trim(),
  );
}

export const profileCompletionKey = (customerId: string) => `profile:${customerId}`;

/**
 * Grants `loyalty_settings.profile_completion_points` once, the first time the profile is complete.
 * Later edits (or a changed amount in the settings) never grant again: an entry under the key
 * `profile:<customerId>` means it was given.
 */
export async function grantProfileCompletionPoints(
  tx: Tx,
  merchantId: string,
  customerId: string,
  profile: ProfileForCompletion,
  actor: Actor,
): Promise<{ points: number } | null> {
  if (!isProfileComplete(profile)) return null;
  const points = (await getLoyaltySettings(tx, merchantId)).profileCompletionPoints;
  if (points <= 0) return null;
  const key = profileCompletionKey(customerId);
  const [given] = await tx
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.merchantId, merchantId),
        eq(ledgerEntries.wallet, "points"),
        eq(ledgerEntries.idempotencyKey, key),
      ),
    );
  if (given) return null;
  const earned = await earnPoints(tx, merchantId, {
    customerId,
    points,
    idempotencyKey: key,
    reason: { code: "profile_completed" },
    source: "profile",
    actor,
  });
  return earned.replayed ? null : { points };
}
