import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { enqueueJobs, rowsOf } from "../../jobs/enqueue-job.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";
import { type Actor, describeActor } from "../audit/record-audit.js";
import {
  decideMessage,
  type GuardDecision,
  type HoldReason,
  holdReasons,
  NoAllowedTimeError,
} from "./guard-rules.js";
import { getShopMessaging, type ShopMessaging } from "./message-settings.js";
import { loadPromotionalSlots, lockRecipients } from "./recipient-slots.js";
import { type SendInput, SendInputSchema } from "./schemas.js";
import type { MessageCard, MessageCategory } from "./tables.js";

export type SendContent = {
  category: MessageCategory;
  title: string;
  body: string;
  link?: string | null;
  card?: MessageCard | null;
  source: { kind: string; id?: string };
};

export type PlacedCounts = {
  recipients: number;
  delivered: number;
  scheduled: number;
  held: Record<HoldReason, number>;
};

/** duplicate: a send with the same dedupe key exists already, so nothing was written. */
export type SendResult = PlacedCounts & { sendId: string; duplicate?: boolean };

export const webhookJobName = "messaging.webhook";
export const webhookMaxAttempts = 8;

const emptyHeld = (): Record<HoldReason, number> =>
  Object.fromEntries(holdReasons.map((r) => [r, 0])) as Record<HoldReason, number>;

/**
 * Sends one message to each customer: into their inbox now, or — for a promotional message the
 * guard holds — scheduled for the next allowed time with the reason. Service messages always go.
 * Parallel sends to one customer are serialised on the customer's lock row, so caps hold exactly.
 * With a dedupeKey the send happens once per key: a retried or racing send with the same key
 * waits on the key and then writes nothing (duplicate: true, the first send's id).
 */
export async function sendMessages(
  tx: Tx,
  merchantId: string,
  input: SendInput,
  options: { now?: Date; actor?: Actor; dedupeKey?: string } = {},
): Promise<SendResult> {
  const parsed = SendInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", `Invalid message: ${parsed.error.issues[0]?.message}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const { customerIds, ...content } = parsed.data;
  const ids = await resolveRecipients(tx, merchantId, [...new Set(customerIds)]);
  if (options.dedupeKey) {
    const claimed = await claimSendKey(tx, merchantId, content, options.dedupeKey, options.actor);
    if (claimed.duplicate) {
      return {
        sendId: claimed.sendId,
        duplicate: true,
        recipients: 0,
        delivered: 0,
        scheduled: 0,
        held: emptyHeld(),
      };
    }
    const counts = await placeMessages(
      tx,
      merchantId,
      claimed.sendId,
      content.category,
      ids,
      options.now ?? new Date(),
    );
    return { sendId: claimed.sendId, ...counts };
  }
  const sendId = await createSend(tx, merchantId, content, {
    actor: options.actor,
    audience: null,
    status: "done",
  });
  const counts = await placeMessages(
    tx,
    merchantId,
    sendId,
    content.category,
    ids,
    options.now ?? new Date(),
  );
  return { sendId, ...counts };
}

/**
 * A welcome to one customer who just acted (joined): a service message, sent once per dedupe key;
 * an empty text sends nothing. Texts longer than a message allows are cut.
 */
export async function sendWelcome(
  tx: Tx,
  merchantId: string,
  input: {
    customerId: string;
    title: string;
    text: string;
    link: string;
    source: { kind: string; id: string };
    dedupeKey: string;
    now: Date;
    actor?: Actor;
  },
): Promise<void> {
  const body = input.text.trim();
  if (!body) return;
  await sendMessages(
    tx,
    merchantId,
    {
      category: "service",
      title: input.title.trim().slice(0, 100) || "—",
      body: body.slice(0, 2000),
      link: input.link,
      source: input.source,
      customerIds: [input.customerId],
    },
    { now: input.now, actor: input.actor, dedupeKey: input.dedupeKey },
  );
}

/**
 * The live customers for the ids, following merges (a merged-away id reaches the customer it was
 * merged into), deduplicated; unknown ids are a 404 naming them.
 */
async function resolveRecipients(tx: Tx, merchantId: string, ids: string[]): Promise<string[]> {
  const rows = rowsOf<{ start: string; id: string }>(
    await tx.execute(sql`
      with recursive chain (start, id, merged_into_id, hop) as (
        select id, id, merged_into_id, 0 from customers
         where merchant_id = ${merchantId} and id = any(${uuidArrayLiteral(ids)}::uuid[])
        union all
        select chain.start, c.id, c.merged_into_id, chain.hop + 1 from chain
          join customers c on c.merchant_id = ${merchantId} and c.id = chain.merged_into_id
         where chain.hop < 5)
      select start, id from chain where merged_into_id is null`),
  );
  const live = new Map(rows.map((r) => [r.start, r.id]));
  const missing = ids.filter((id) => !live.has(id));
  if (missing.length > 0) {
    throw new AppError("not_found", `${missing.length} customer(s) not found`, {
      missing: missing.slice(0, 20),
    });
  }
  return [...new Set(ids.map((id) => live.get(id) as string))];
}

/** The send row under a dedupe key, or the row an earlier send with the key made. */
async function claimSendKey(
  tx: Tx,
  merchantId: string,
  content: SendContent,
  key: string,
  actor: Actor | undefined,
): Promise<{ sendId: string; duplicate: boolean }> {
  const by = actor ? describeActor(actor) : null;
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into message_sends (merchant_id, category, title, body, link, card, source_kind,
        source_id, status, created_by_type, created_by_id, created_by_name, dedupe_key)
      values (${merchantId}, ${content.category}, ${content.title}, ${content.body}, ${content.link ?? null},
        ${content.card ? JSON.stringify(content.card) : null}::jsonb, ${content.source.kind},
        ${content.source.id ?? null}, 'done', ${by?.actorType ?? null}, ${by?.actorId ?? null},
        ${by?.actorName ?? null}, ${key})
      on conflict (merchant_id, dedupe_key) where dedupe_key is not null do nothing
      returning id`),
  );
  if (row) return { sendId: row.id, duplicate: false };
  const [earlier] = rowsOf<{ id: string }>(
    await tx.execute(
      sql`select id from message_sends where merchant_id = ${merchantId} and dedupe_key = ${key}`,
    ),
  );
  if (!earlier) throw new AppError("internal", "Send key claimed but not found");
  return { sendId: earlier.id, duplicate: true };
}

/** The send row: the content once, however many recipients. */
export async function createSend(
  tx: Tx,
  merchantId: string,
  content: SendContent,
  options: { actor?: Actor; audience: { kind: "segment"; id: string } | null; status: "queued" | "done" },
): Promise<string> {
  const by = options.actor ? describeActor(options.actor) : null;
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into message_sends (merchant_id, category, title, body, link, card, source_kind,
        source_id, audience, status, created_by_type, created_by_id, created_by_name)
      values (${merchantId}, ${content.category}, ${content.title}, ${content.body}, ${content.link ?? null},
        ${content.card ? JSON.stringify(content.card) : null}::jsonb, ${content.source.kind},
        ${content.source.id ?? null}, ${options.audience ? JSON.stringify(options.audience) : null}::jsonb,
        ${options.status}, ${by?.actorType ?? null}, ${by?.actorId ?? null}, ${by?.actorName ?? null})
      returning id`),
  );
  if (!row) throw new AppError("internal", "Send not created");
  return row.id;
}

type Placement = {
  customerId: string;
  status: "delivered" | "scheduled";
  slotAt: Date;
  reason: HoldReason | null;
};

/** Decides each recipient against the guard (given their slots, updated as it goes) without writing. */
export function placeRecipients(
  shop: ShopMessaging,
  category: MessageCategory,
  customerIds: readonly string[],
  slots: Map<string, Date[]>,
  now: Date,
): Placement[] {
  return customerIds.map((customerId) => {
    const mine = slots.get(customerId) ?? [];
    const decision = decideOrRefuse(customerId, () =>
      decideMessage({ settings: shop.settings, timeZone: shop.timeZone, category, slots: mine, now }),
    );
    const slotAt = decision.action === "send" ? now : decision.until;
    if (category === "promotional") slots.set(customerId, [...mine, slotAt]);
    return decision.action === "send"
      ? { customerId, status: "delivered", slotAt, reason: null }
      : { customerId, status: "scheduled", slotAt, reason: decision.reason };
  });
}

function decideOrRefuse(customerId: string, decide: () => GuardDecision): GuardDecision {
  try {
    return decide();
  } catch (error) {
    if (!(error instanceof NoAllowedTimeError)) throw error;
    throw new AppError("unprocessable", "A customer's promotional backlog leaves no allowed time", {
      reason: "no_allowed_time",
      customerId,
    });
  }
}

/**
 * Writes the send's messages to these customers (skipping any it already reached) and counts them
 * on the send. Delivered ones go to the webhook when the shop has one.
 */
export async function placeMessages(
  tx: Tx,
  merchantId: string,
  sendId: string,
  category: MessageCategory,
  customerIds: readonly string[],
  now: Date,
): Promise<PlacedCounts> {
  const counts: PlacedCounts = { recipients: 0, delivered: 0, scheduled: 0, held: emptyHeld() };
  if (customerIds.length === 0) return counts;
  const shop = await getShopMessaging(tx, merchantId);
  const guarded = category === "promotional" && shop.settings.guardEnabled;
  if (guarded) await lockRecipients(tx, merchantId, customerIds);
  const slots = guarded
    ? await loadPromotionalSlots(tx, merchantId, customerIds, now)
    : new Map<string, Date[]>();
  const placements = placeRecipients(shop, category, customerIds, slots, now);
  const rows = placements.map((p) => ({
    c: p.customerId,
    s: p.status,
    t: p.slotAt.toISOString(),
    r: p.reason,
  }));
  const inserted = rowsOf<{ id: string; status: "delivered" | "scheduled"; hold_reason: HoldReason | null }>(
    await tx.execute(sql`
      insert into messages (merchant_id, send_id, customer_id, category, status, slot_at, hold_reason, delivered_at)
      select ${merchantId}::uuid, ${sendId}::uuid, r.c, ${category}, r.s, r.t, r.r,
             case when r.s = 'delivered' then r.t end
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(c uuid, s text, t timestamptz, r text)
      on conflict (merchant_id, send_id, customer_id) do nothing
      returning id, status, hold_reason`),
  );
  for (const m of inserted) {
    counts.recipients += 1;
    if (m.status === "delivered") counts.delivered += 1;
    else {
      counts.scheduled += 1;
      if (m.hold_reason) counts.held[m.hold_reason] += 1;
    }
  }
  await tx.execute(sql`update message_sends set recipients = recipients + ${counts.recipients},
      delivered = delivered + ${counts.delivered}, scheduled = scheduled + ${counts.scheduled}
    where merchant_id = ${merchantId} and id = ${sendId}`);
  if (shop.webhook) {
    await enqueueWebhooks(
      tx,
      merchantId,
      inserted.filter((m) => m.status === "delivered").map((m) => m.id),
    );
  }
  return counts;
}

export async function enqueueWebhooks(tx: Tx, merchantId: string, messageIds: readonly string[]) {
  await enqueueJobs(
    tx,
    webhookJobName,
    messageIds.map((id) => ({ merchantId, payload: { messageId: id }, dedupeKey: `message-webhook:${id}` })),
    { maxAttempts: webhookMaxAttempts },
  );
}
