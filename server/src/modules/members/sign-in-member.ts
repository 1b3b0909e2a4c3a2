import type { FastifyReply } from "fastify";
import type { Config } from "../../config.js";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { memberCookie, memberCookiePath, setSessionCookie } from "../auth/cookies.js";
import { findOrCreateCustomer } from "../customers/create-customer.js";
import { recordEvent } from "../events/record-events.js";
import { refreshInsightFor } from "../insight/refresh-insight.js";
import { grantWelcomeGiftOnLogin } from "../loyalty/welcome-gift/grant-welcome-gift.js";
import { createMemberSession, memberSessionLifetimeMs } from "./member-sessions.js";
import { verifyLoginCode } from "./one-time-codes.js";

/**
 * The member sign-in (phone + SMS code; a new phone becomes a member): the login route and the
 * live-code landing both use it; `created` tells whether the code made a new member. The channel
 * (a join link's `?channel=`, or the live code) picks the welcome gift and is kept on the event.
 */
export async function signInMember(
  deps: { database: Database; config: Config },
  reply: FastifyReply,
  merchant: { id: string; slug: string },
  input: { phone: string; code: string; channel?: string; now: Date },
): Promise<{ customerId: string; created: boolean }> {
  await verifyLoginCode(deps.database, merchant.id, input.phone, input.code, input.now);
  const found = await withMerchant(deps.database, merchant.id, async (tx) => {
    const customer = await findOrCreateCustomer(
      tx,
      merchant.id,
      { phone: input.phone },
      { source: "member", joinedAt: input.now },
    );
    await recordEvent(tx, merchant.id, {
      customerId: customer.id,
      type: "member.logged_in",
      properties: { firstTime: customer.created, ...(input.channel ? { channel: input.channel } : {}) },
      source: "member",
    });
    if (customer.created) await refreshInsightFor(tx, merchant.id, [customer.id]);
    await grantWelcomeGiftOnLogin(tx, merchant.id, customer.id, input.channel);
    return customer;
  });
  const token = await createMemberSession(deps.database, merchant.id, found.id);
  setSessionCookie(reply, deps.config, memberCookie, token, {
    path: memberCookiePath(merchant.slug),
    maxAgeMs: memberSessionLifetimeMs,
  });
  return { customerId: found.id, created: found.created };
}
