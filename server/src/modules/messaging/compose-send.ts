import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { enqueueJob, rowsOf } from "../../jobs/enqueue-job.js";
import type { Actor } from "../audit/record-audit.js";
import { getSegment } from "../segments/segment-definitions.js";
import { type HoldReason, holdReasons } from "./guard-rules.js";
import { getShopMessaging } from "./message-settings.js";
import { loadPromotionalSlots } from "./recipient-slots.js";
import type { ComposeInput, SendPreview } from "./schemas.js";
import {
  createSend,
  placeMessages,
  placeRecipients,
  type SendResult,
  sendMessages,
} from "./send-messages.js";
import type { MessageCategory } from "./tables.js";

/** Segments up to this size are sent in the request; bigger ones by a job, in batches. */
export const inlineSegmentLimit = 2000;
const batchSize = 1000;
export const segmentSendJobName = "messaging.send_segment";

export type ComposeResult = SendResult & { status: "queued" | "done" };

/** A staff send to chosen customers or to a segment's current members. */
export async function composeSend(
  tx: Tx,
  merchantId: string,
  input: ComposeInput,
  options: { actor: Actor; now: Date },
): Promise<ComposeResult> {
  const { audience, ...fields } = input;
  const content = { ...fields, source: { kind: "staff" } };
  if (audience.kind === "customers") {
    const result = await sendMessages(tx, merchantId, { ...content, customerIds: audience.ids }, options);
    return { ...result, status: "done" };
  }
  await getSegment(tx, merchantId, audience.id);
  const [size] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from segment_members
      where merchant_id = ${merchantId} and segment_id = ${audience.id}`),
  );
  if (!size || size.n === 0) {
    throw new AppError("unprocessable", "The segment has no members", { reason: "empty_segment" });
  }
  const segment = { kind: "segment" as const, id: audience.id };
  if (size.n > inlineSegmentLimit) {
    const sendId = await createSend(tx, merchantId, content, {
      actor: options.actor,
      audience: segment,
      status: "queued",
    });
    await enqueueJob(tx, { name: segmentSendJobName, merchantId, payload: { sendId }, maxAttempts: 10 });
    return { sendId, status: "queued", recipients: 0, delivered: 0, scheduled: 0, held: emptyHeld() };
  }
  const sendId = await createSend(tx, merchantId, content, {
    actor: options.actor,
    audience: segment,
    status: "done",
  });
  const ids = await segmentMembersNotReached(tx, merchantId, audience.id, sendId, inlineSegmentLimit + 1);
  const counts = await placeMessages(tx, merchantId, sendId, content.category, ids, options.now);
  return { sendId, status: "done", ...counts };
}

const emptyHeld = (): Record<HoldReason, number> =>
  Object.fromEntries(holdReasons.map((r) => [r, 0])) as Record<HoldReason, number>;

/** The next members of the segment this send has not reached yet, set-based and in id order. */
async function segmentMembersNotReached(
  tx: Tx,
  merchantId: string,
  segmentId: string,
  sendId: string,
  limit: number,
): Promise<string[]> {
  return rowsOf<{ customer_id: string }>(
    await tx.execute(sql`select sm.customer_id from segment_members sm
      where sm.merchant_id = ${merchantId} and sm.segment_id = ${segmentId}
        and not exists (select 1 from messages m where m.merchant_id = sm.merchant_id
                          and m.send_id = ${sendId} and m.customer_id = sm.customer_id)
      order by sm.customer_id limit ${limit}`),
  ).map((r) => r.customer_id);
}

/**
 * Works a queued segment send through, one batch of members per transaction. Safe to rerun after
 * a crash: members already reached are skipped (and the unique index would refuse a second).
 */
export async function runSegmentSend(
  database: Database,
  merchantId: string,
  sendId: string,
  now: () => Date = () => new Date(),
): Promise<number> {
  let total = 0;
  for (;;) {
    const placed = await withMerchant(database, merchantId, async (tx) => {
      const [send] = rowsOf<{ category: MessageCategory; audience: { id: string } | null; status: string }>(
        await tx.execute(sql`select category, audience, status from message_sends
          where merchant_id = ${merchantId} and id = ${sendId} for update`),
      );
      if (!send?.audience || send.status === "done") return 0;
      const ids = await segmentMembersNotReached(tx, merchantId, send.audience.id, sendId, batchSize);
      if (ids.length === 0) {
        await tx.execute(
          sql`update message_sends set status = 'done' where merchant_id = ${merchantId} and id = ${sendId}`,
        );
        return 0;
      }
      await tx.execute(
        sql`update message_sends set status = 'running' where merchant_id = ${merchantId} and id = ${sendId}`,
      );
      const counts = await placeMessages(tx, merchantId, sendId, send.category, ids, now());
      return counts.recipients;
    });
    if (placed === 0) return total;
    total += placed;
  }
}

/** How a send would go now: how many go at once and how many the guard would hold, and why. */
export async function previewSend(
  tx: Tx,
  merchantId: string,
  input: Pick<ComposeInput, "category" | "audience">,
  now: Date,
): Promise<SendPreview> {
  let ids: string[];
  if (input.audience.kind === "customers") ids = [...new Set(input.audience.ids)];
  else {
    await getSegment(tx, merchantId, input.audience.id);
    ids = rowsOf<{ customer_id: string }>(
      await tx.execute(sql`select customer_id from segment_members
        where merchant_id = ${merchantId} and segment_id = ${input.audience.id}`),
    ).map((r) => r.customer_id);
  }
  const preview: SendPreview = {
    recipients: ids.length,
    sendNow: 0,
    held: emptyHeld(),
    firstHeldUntil: null,
    lastHeldUntil: null,
  };
  if (ids.length === 0) return preview;
  const shop = await getShopMessaging(tx, merchantId);
  const slots =
    input.category === "promotional"
      ? await loadPromotionalSlots(tx, merchantId, ids, now)
      : new Map<string, Date[]>();
  for (const p of placeRecipients(shop, input.category, ids, slots, now)) {
    if (!p.reason) {
      preview.sendNow += 1;
      continue;
    }
    preview.held[p.reason] += 1;
    if (!preview.firstHeldUntil || p.slotAt < preview.firstHeldUntil) preview.firstHeldUntil = p.slotAt;
    if (!preview.lastHeldUntil || p.slotAt > preview.lastHeldUntil) preview.lastHeldUntil = p.slotAt;
  }
  return preview;
}
