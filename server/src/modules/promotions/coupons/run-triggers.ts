import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { wallClockParts } from "../../../lib/dates.js";
import { issueCoupons } from "./issue-coupons.js";
import { couponTriggers } from "./tables.js";

type TriggerRow = typeof couponTriggers.$inferSelect;
type Candidate = { customer_id: string; issue_key: string };

/** Events are read from this long before the last scan, so one committed a little late is still seen. */
const overlap = "2 minutes";
const actor = { kind: "system" as const, name: "coupons.triggers" };

/**
 * Issues the coupons of a shop's enabled triggers: welcome_gift (welcome_gift.granted, once per
 * customer), level_up (level.changed upgrades, once per customer and level reached), checkin
 * (checkin.done, once per check-in) and birthday (customers whose birthday is the shop's local
 * date, once a year; 29 February counts on the 28th in other years). Each coupon's issue key
 * (trigger:<event>:<template>:…) makes a rerun or an overlapping scan issue nothing twice; a
 * refusal (paused template, no stock, limit) skips that customer.
 */
export async function runCouponTriggers(
  database: Database,
  merchantId: string,
  now: Date,
): Promise<{ issued: number; refused: number }> {
  const triggers = await withMerchant(database, merchantId, (tx) =>
    tx
      .select()
      .from(couponTriggers)
      .where(and(eq(couponTriggers.merchantId, merchantId), eq(couponTriggers.enabled, true))),
  );
  let issued = 0;
  let refused = 0;
  for (const trigger of triggers) {
    const { candidates, today } = await withMerchant(database, merchantId, (tx) =>
      findCandidates(tx, merchantId, trigger, now),
    );
    for (const candidate of candidates) {
      try {
        await withMerchant(database, merchantId, (tx) =>
          issueCoupons(tx, merchantId, {
            templateId: trigger.templateId,
            customerId: candidate.customer_id,
            quantity: trigger.quantity,
            issueKey: candidate.issue_key,
            source: `trigger:${trigger.eventType}`,
            actor,
            now,
          }),
        );
        issued += 1;
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        refused += 1;
      }
    }
    await withMerchant(database, merchantId, (tx) =>
      tx
        .update(couponTriggers)
        .set({ scannedUntil: now, ...(today && { birthdayDoneOn: today }) })
        .where(and(eq(couponTriggers.merchantId, merchantId), eq(couponTriggers.id, trigger.id))),
    );
  }
  return { issued, refused };
}

const eventTypes = {
  welcome_gift: "welcome_gift.granted",
  level_up: "level.changed",
  checkin: "checkin.done",
} as const;

async function findCandidates(
  tx: Tx,
  merchantId: string,
  trigger: TriggerRow,
  now: Date,
): Promise<{ candidates: Candidate[]; today: string | null }> {
  const prefix = `trigger:${trigger.eventType}:${trigger.templateId}:`;
  const notIssued = (key: ReturnType<typeof sql>) =>
    sql`not exists (select 1 from coupons c where c.merchant_id = ${merchantId} and c.issue_key = ${key})`;
  if (trigger.eventType === "birthday") return findBirthdays(tx, merchantId, trigger, now, prefix);
  const key =
    trigger.eventType === "checkin"
      ? sql`${prefix} || e.id::text`
      : trigger.eventType === "level_up"
        ? sql`${prefix} || e.customer_id::text || ':' || (e.properties ->> 'toLevelId')`
        : sql`${prefix} || e.customer_id::text`;
  const rows = rowsOf<Candidate>(
    await tx.execute(sql`select distinct on (issue_key) customer_id, issue_key from (
        select e.customer_id, ${key} as issue_key from events e
        where e.merchant_id = ${merchantId} and e.type = ${eventTypes[trigger.eventType]}
          and e.customer_id is not null
          and e.occurred_at > ${trigger.scannedUntil.toISOString()}::timestamptz - ${overlap}::interval
          and e.occurred_at <= ${now.toISOString()}::timestamptz
          ${trigger.eventType === "level_up" ? levelUpOnly(merchantId) : sql``}
      ) k where ${notIssued(sql`k.issue_key`)}`),
  );
  return { candidates: rows, today: null };
}

/**
 * Upgrades only, and not a customer's first placement at the entry level (every new customer gets
 * one): a first placement above it is a level reached, and counts.
 */
function levelUpOnly(merchantId: string) {
  return sql`and e.properties ->> 'reason' = 'upgrade'
    and not (e.properties ->> 'fromLevelId' is null and e.properties ->> 'toLevelId' =
      (select ml.id::text from member_levels ml where ml.merchant_id = ${merchantId} order by ml.position limit 1))`;
}

async function findBirthdays(tx: Tx, merchantId: string, trigger: TriggerRow, now: Date, prefix: string) {
  const [zone] = rowsOf<{ time_zone: string }>(
    await tx.execute(sql`select time_zone from merchants where id = ${merchantId}`),
  );
  const wall = wallClockParts(now.getTime(), zone?.time_zone ?? "Asia/Shanghai");
  const pad = (n: number) => String(n).padStart(2, "0");
  const today = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
  if (trigger.birthdayDoneOn === today) return { candidates: [], today: null };
  const leap = new Date(Date.UTC(wall.year, 1, 29)).getUTCMonth() === 1;
  const feb29Today = !leap && wall.month === 2 && wall.day === 28;
  const key = sql`${prefix} || c.id::text || ':' || ${String(wall.year)}`;
  const candidates = rowsOf<Candidate>(
    await tx.execute(sql`select c.id as customer_id, ${key} as issue_key from customers c
      where c.merchant_id = ${merchantId} and c.merged_into_id is null and c.birthday is not null
        and (to_char(c.birthday, 'MM-DD') = ${`${pad(wall.month)}-${pad(wall.day)}`}
             ${feb29Today ? sql`or to_char(c.birthday, 'MM-DD') = '02-29'` : sql``})
        and not exists (select 1 from coupons x where x.merchant_id = ${merchantId} and x.issue_key = ${key})`),
  );
  return { candidates, today };
}
