import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant, withSystem } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { createTtlMemo, type TtlMemo } from "../../lib/ttl-memo.js";
import type { Actor } from "../audit/record-audit.js";
import { selectCommunitiesForRouting } from "../community/community-routing.js";
import { recordEvent } from "../events/record-events.js";
import { earnPoints } from "../loyalty/points/earn-points.js";
import { getShopIdentity } from "../merchants/shop-identity.js";
import { sendWelcome } from "../messaging/send-messages.js";
import { issueCoupons } from "../promotions/coupons/issue-coupons.js";
import { selectStorePlaces } from "../stores/store-places.js";
import { addTagToCustomers } from "../tags/tag-customers.js";
import { describeTargetInBatch } from "./describe-targets.js";
import { routeInBatch } from "./route-in-batches.js";
import type { Whereabouts } from "./routing-rules.js";
import type { MemberJoinSchema, MemberLandingSchema } from "./schemas.js";

export type PublicLiveCode = { merchantId: string; liveCodeId: string; slug: string };

/** The global look-up of a public code (before any tenant is known); null when there is none. */
const lookups = new WeakMap<Database, TtlMemo<string, PublicLiveCode | null>>();

/**
 * The shop and live code a scanned code names. Remembered per process for a minute: a code is never
 * deleted or moved to another shop (archiving is checked where it matters, at the join), so every
 * scan of a printed poster after the first costs no query.
 */
export function findPublicLiveCode(database: Database, code: string): Promise<PublicLiveCode | null> {
  if (!/^[A-Za-z0-9]{6,16}$/.test(code)) return Promise.resolve(null);
  let memo = lookups.get(database);
  if (!memo) {
    memo = createTtlMemo((c: string) => loadPublicLiveCode(database, c), { ttlMs: 60_000 });
    lookups.set(database, memo);
  }
  return memo.get(code);
}

async function loadPublicLiveCode(database: Database, code: string): Promise<PublicLiveCode | null> {
  const row = await withSystem(database, async (tx) =>
    rowsOf<{ merchant_id: string; live_code_id: string; slug: string }>(
      await tx.execute(sql`select l.merchant_id, l.live_code_id, m.slug from live_code_lookup l
        join merchants m on m.id = l.merchant_id where l.code = ${code}`),
    ),
  );
  const found = row[0];
  return found ? { merchantId: found.merchant_id, liveCodeId: found.live_code_id, slug: found.slug } : null;
}

export type ScanInput = {
  liveCodeId: string;
  visitorId: string;
  userAgent: string | null;
  isBot: boolean;
  at: Date;
};

export async function recordScan(tx: Tx, merchantId: string, scan: ScanInput): Promise<void> {
  await tx.execute(sql`insert into live_code_scans (merchant_id, live_code_id, visitor_id, user_agent, is_bot, at)
    values (${merchantId}, ${scan.liveCodeId}, ${scan.visitorId}, ${scan.userAgent?.slice(0, 500) ?? null}, ${scan.isBot}, ${scan.at})`);
}

export type LandingCode = Omit<z.infer<typeof MemberLandingSchema>, "shopName"> & { liveCodeId: string };

/** What the member landing page shows before the customer signs in. */
export async function getLandingCode(tx: Tx, merchantId: string, code: string): Promise<LandingCode> {
  const row = rowsOf<{ id: string; name: string; welcome_message: string; status: string; strategy: string }>(
    await tx.execute(sql`select id, name, welcome_message, status, strategy from live_codes
      where merchant_id = ${merchantId} and code = ${code}`),
  )[0];
  if (!row) throw notFound("Live code");
  const cities =
    row.strategy === "store"
      ? rowsOf<{ city: string }>(
          await tx.execute(sql`select distinct s.city from ${selectStorePlaces(merchantId)} s
            join live_code_targets t on t.store_id = s.id
            where t.merchant_id = ${merchantId} and t.live_code_id = ${row.id} and s.city is not null order by 1`),
        ).map((r) => r.city)
      : [];
  return {
    liveCodeId: row.id,
    name: row.name,
    welcomeMessage: row.welcome_message,
    active: row.status === "active",
    asksWhereabouts: row.strategy === "store",
    cities,
  };
}

export type JoinOutcome = Omit<z.infer<typeof MemberJoinSchema>, "customerId">;

export type JoinInput = {
  code: string;
  slug: string;
  customerId: string;
  newMember: boolean;
  where?: Whereabouts;
  now: Date;
  actor: Actor;
};

/**
 * A customer joins through a live code: a target is routed (its own short transaction, batched with
 * the code's other scans), then the channel tags and the welcome gift, both idempotent per code
 * and customer, so scanning again gives nothing twice.
 */
export async function joinThroughLiveCode(
  database: Database,
  merchantId: string,
  input: JoinInput,
): Promise<JoinOutcome> {
  const code = await withMerchant(database, merchantId, (tx) => readJoinCode(tx, merchantId, input.code));
  if (code.status !== "active") throw new AppError("gone", "This live code is no longer in use");
  const assignment = await routeInBatch(database, merchantId, {
    liveCodeId: code.id,
    customerId: input.customerId,
    newMember: input.newMember,
    where: input.where ?? null,
    now: input.now,
  });
  const gift = await withMerchant(database, merchantId, async (tx) => {
    const given = await welcome(tx, merchantId, code, input);
    if (!assignment.sticky) {
      await sendLiveCodeWelcome(tx, merchantId, code, input);
      await recordEvent(tx, merchantId, {
        customerId: input.customerId,
        type: "live_code.joined",
        properties: { liveCodeId: code.id, targetId: assignment.targetId, newMember: input.newMember },
        source: "member",
        occurredAt: input.now,
      });
    }
    return given;
  });
  const target = assignment.targetId
    ? await describeTargetInBatch(database, merchantId, assignment.targetId, input.slug, input.code)
    : null;
  return {
    newMember: input.newMember,
    sticky: assignment.sticky,
    allFull: assignment.targetId === null,
    welcomeMessage: code.welcome_message,
    gift,
    target,
  };
}

type JoinCode = {
  id: string;
  status: string;
  tag_ids: string[] | string;
  welcome_message: string;
  welcome_points: number | null;
  welcome_coupon_template_id: string | null;
};

async function readJoinCode(tx: Tx, merchantId: string, code: string): Promise<JoinCode> {
  const row = rowsOf<JoinCode>(
    await tx.execute(sql`select id, status, tag_ids, welcome_message, welcome_points, welcome_coupon_template_id
      from live_codes where merchant_id = ${merchantId} and code = ${code}`),
  )[0];
  if (!row) throw notFound("Live code");
  return row;
}

async function welcome(tx: Tx, merchantId: string, code: JoinCode, input: JoinInput) {
  const tagIds = Array.isArray(code.tag_ids)
    ? code.tag_ids
    : code.tag_ids.replace(/[{}]/g, "").split(",").filter(Boolean);
  for (const tagId of tagIds) {
    await addTagToCustomers(tx, merchantId, tagId, [input.customerId], {
      actor: input.actor,
      reason: `live code ${input.code}`,
      at: input.now,
    });
  }
  const key = `livecode:${code.id}:${input.customerId}`;
  let points = 0;
  if (code.welcome_points) {
    await earnPoints(tx, merchantId, {
      customerId: input.customerId,
      points: code.welcome_points,
      idempotencyKey: key,
      reason: { code: "live_code_welcome" },
      source: "live_code",
      sourceRef: code.id,
      actor: input.actor,
      now: input.now,
    });
    points = code.welcome_points;
  }
  let couponIssued = false;
  if (code.welcome_coupon_template_id) {
    const templateId = code.welcome_coupon_template_id;
    try {
      // A savepoint: a template that cannot issue now (ended, out of stock) must not undo the join.
      await tx.transaction(async (sp) => {
        await issueCoupons(sp as unknown as Tx, merchantId, {
          templateId,
          customerId: input.customerId,
          quantity: 1,
          issueKey: key,
          source: "live_code",
          actor: input.actor,
          now: input.now,
        });
      });
      couponIssued = true;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return { points, couponIssued };
}

/**
 * The code's welcome as a service message (the customer just joined), once per code and customer:
 * the dedupe key holds under retries and parallel scans. It links back to the landing, which shows
 * the routed target again.
 */
async function sendLiveCodeWelcome(tx: Tx, merchantId: string, code: JoinCode, input: JoinInput) {
  if (!code.welcome_message.trim()) return;
  const shop = await getShopIdentity(tx, merchantId);
  await sendWelcome(tx, merchantId, {
    customerId: input.customerId,
    title: shop.name,
    text: code.welcome_message,
    link: `/m/${input.slug}/join/${input.code}`,
    source: { kind: "live_code_welcome", id: code.id },
    dedupeKey: `live-code-welcome:${code.id}:${input.customerId}`,
    now: input.now,
    actor: input.actor,
  });
}

/** The QR image of the target a customer was routed to (a group's join code or a staff member's card). */
export async function readAssignedTargetImage(
  tx: Tx,
  merchantId: string,
  code: string,
  customerId: string,
): Promise<{ image: Uint8Array; contentType: string } | null> {
  const row = rowsOf<{ image: Uint8Array | null; content_type: string | null }>(
    await tx.execute(sql`select coalesce(c.join_qr_image, k.qr_image) as image,
        coalesce(c.join_qr_content_type, k.qr_content_type) as content_type
      from live_codes l
      join live_code_assignments a on a.merchant_id = l.merchant_id and a.live_code_id = l.id and a.customer_id = ${customerId}
      join live_code_targets t on t.merchant_id = a.merchant_id and t.id = a.target_id
      left join ${selectCommunitiesForRouting(merchantId)} c on c.id = t.community_id
      left join channel_staff_cards k on k.merchant_id = t.merchant_id and k.staff_id = t.staff_id
      where l.merchant_id = ${merchantId} and l.code = ${code}`),
  )[0];
  if (!row?.image || !row.content_type) return null;
  return { image: row.image, contentType: row.content_type };
}
