import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { wallClockParts } from "../../lib/dates.js";
import { selectCommunitiesForRouting } from "../community/community-routing.js";
import { recordEvent } from "../events/record-events.js";
import { selectStaffForRouting } from "../staff/staff-routing.js";
import { listStorePlaces } from "../stores/store-places.js";
import { type Candidate, planRoute, type Whereabouts, type Window } from "./routing-rules.js";
import type { RoutingStrategy } from "./tables.js";

export type AssignInput = {
  liveCodeId: string;
  customerId: string;
  /** The customer was created by this code's sign-in (counted as a join of a new member). */
  newMember: boolean;
  where?: Whereabouts;
  now: Date;
  random?: () => number;
};

export type Assignment = { targetId: string | null; sticky: boolean };

type CodeRow = { strategy: RoutingStrategy; warn_percent: number; time_zone: string; status: string };

/** The merchant's calendar day at `now`, as "YYYY-MM-DD" (staff daily limits count by it). */
export function localDay(now: Date, timeZone: string): string {
  const c = wallClockParts(now.getTime(), timeZone);
  return `${c.year}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
}

/**
 * Routes a customer who came through a live code to one target, or to none when every target is
 * full. The same customer again gets the target they were given (sticky); a first visit holds the
 * assignment row before routing, so two parallel scans of one customer take one slot.
 */
export async function assignTarget(tx: Tx, merchantId: string, input: AssignInput): Promise<Assignment> {
  // The assignment row is held first (guarded, so an unknown code writes nothing), then locked
  // together with the code's settings in one read.
  await tx.execute(sql`insert into live_code_assignments (merchant_id, live_code_id, customer_id, new_member, assigned_at)
    select ${merchantId}, ${input.liveCodeId}, ${input.customerId}, ${input.newMember}, ${input.now}
    where exists (select 1 from live_codes where merchant_id = ${merchantId} and id = ${input.liveCodeId})
    on conflict do nothing`);
  const code = rowsOf<CodeRow & { target_id: string | null }>(
    await tx.execute(sql`select a.target_id, c.strategy, c.warn_percent, c.status, m.time_zone
      from live_code_assignments a
      join live_codes c on c.merchant_id = a.merchant_id and c.id = a.live_code_id
      join merchants m on m.id = c.merchant_id
      where a.merchant_id = ${merchantId} and a.live_code_id = ${input.liveCodeId} and a.customer_id = ${input.customerId}
      for update of a`),
  )[0];
  if (!code) throw notFound("Live code");
  if (code.target_id) return { targetId: code.target_id, sticky: true };
  if (code.status !== "active") return { targetId: null, sticky: false };

  const day = localDay(input.now, code.time_zone);
  const candidates = await readCandidates(tx, merchantId, input.liveCodeId, day);
  const windows = code.strategy === "schedule" ? await readWindows(tx, merchantId, input.liveCodeId) : [];
  const stores = code.strategy === "store" ? await listStorePlaces(tx, merchantId) : [];
  const cursor = needsCursor(code.strategy, windows)
    ? await advanceCursor(tx, merchantId, input.liveCodeId)
    : 0;
  const order = planRoute(
    candidates,
    { strategy: code.strategy, cursor, windows, stores },
    { now: input.now, timeZone: code.time_zone, where: input.where ?? null, random: input.random },
  );
  // Where the order is loose (least-loaded, random), a first pass skips targets another scan holds
  // locked, so parallel scans spread out instead of queueing on the one row they all read as emptiest.
  const passes = looseOrder.has(code.strategy) ? [true, false] : [false];
  for (const skipLocked of passes) {
    for (const candidate of order) {
      const slot = await takeSlot(tx, merchantId, candidate, day, skipLocked);
      if (slot) {
        await tx.execute(sql`update live_code_assignments set target_id = ${candidate.id}, assigned_at = ${input.now}
          where merchant_id = ${merchantId} and live_code_id = ${input.liveCodeId} and customer_id = ${input.customerId}`);
        if (
          slot.unwarned &&
          slot.capacity !== null &&
          slot.assigned * 100 >= slot.capacity * code.warn_percent
        ) {
          await warnWhenNearlyFull(
            tx,
            merchantId,
            input.liveCodeId,
            candidate.id,
            code.warn_percent,
            input.now,
          );
        }
        return { targetId: candidate.id, sticky: false };
      }
    }
  }
  await recordEvent(tx, merchantId, {
    customerId: input.customerId,
    type: "live_code.all_full",
    properties: { liveCodeId: input.liveCodeId },
    source: "member",
    occurredAt: input.now,
  });
  return { targetId: null, sticky: false };
}

type Slot = { assigned: number; capacity: number | null; unwarned: boolean };

const looseOrder = new Set<RoutingStrategy>(["least_loaded", "random"]);

const needsCursor = (strategy: RoutingStrategy, windows: Window[]) =>
  strategy === "round_robin" || (strategy === "schedule" && windows.some((w) => w.pick === "round_robin"));

async function advanceCursor(tx: Tx, merchantId: string, liveCodeId: string): Promise<number> {
  const row = rowsOf<{ cursor: string | number }>(
    await tx.execute(sql`update live_codes set rr_cursor = rr_cursor + 1
      where merchant_id = ${merchantId} and id = ${liveCodeId} returning rr_cursor - 1 as cursor`),
  )[0];
  return Number(row?.cursor ?? 0);
}

type CandidateRow = {
  id: string;
  role: "primary" | "backup";
  window_id: string | null;
  store_id: string | null;
  position: number;
  capacity: number | null;
  assigned: number;
  assigned_today: number;
  daily_limit: number | null;
  available: boolean;
};

async function readCandidates(
  tx: Tx,
  merchantId: string,
  liveCodeId: string,
  day: string,
): Promise<Candidate[]> {
  const rows = rowsOf<CandidateRow>(
    await tx.execute(sql`select t.id, t.role, t.window_id, t.store_id, t.position, t.capacity, t.assigned,
        coalesce(d.assigned, 0) as assigned_today, t.daily_limit,
        t.enabled and case t.kind
          when 'community' then coalesce(c.open, false)
          else coalesce(s.active, false) and coalesce(k.on_duty, true) end as available
      from live_code_targets t
      left join ${selectCommunitiesForRouting(merchantId)} c on c.id = t.community_id
      left join ${selectStaffForRouting(merchantId)} s on s.id = t.staff_id
      left join channel_staff_cards k on k.merchant_id = t.merchant_id and k.staff_id = t.staff_id
      left join live_code_target_days d on d.merchant_id = t.merchant_id and d.target_id = t.id and d.day = ${day}::date
      where t.merchant_id = ${merchantId} and t.live_code_id = ${liveCodeId} and t.removed_at is null`),
  );
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    windowId: r.window_id,
    storeId: r.store_id,
    position: r.position,
    capacity: r.capacity,
    assigned: r.assigned,
    assignedToday: Number(r.assigned_today),
    dailyLimit: r.daily_limit,
    available: Boolean(r.available),
  }));
}

async function readWindows(tx: Tx, merchantId: string, liveCodeId: string): Promise<Window[]> {
  const rows = rowsOf<{
    id: string;
    weekdays: number[];
    start_minute: number;
    end_minute: number;
    pick: Window["pick"];
  }>(
    await tx.execute(sql`select id, weekdays, start_minute, end_minute, pick from live_code_windows
      where merchant_id = ${merchantId} and live_code_id = ${liveCodeId} order by position, id`),
  );
  return rows.map((r) => ({
    id: r.id,
    weekdays: r.weekdays.map(Number),
    startMinute: r.start_minute,
    endMinute: r.end_minute,
    pick: r.pick,
  }));
}

/**
 * Takes one slot of a target: a conditional update of its counter (never past capacity), then for
 * a daily limit a conditional upsert of today's counter row, undoing the first when the day is full.
 * The target row stays locked until commit, so the two counters move together.
 */
async function takeSlot(
  tx: Tx,
  merchantId: string,
  target: Candidate,
  day: string,
  skipLocked: boolean,
): Promise<Slot | null> {
  const room = sql`enabled and removed_at is null and (capacity is null or assigned < capacity)`;
  const taken = rowsOf<Slot & { daily_limit: number | null }>(
    skipLocked
      ? await tx.execute(sql`update live_code_targets set assigned = assigned + 1
          where merchant_id = ${merchantId} and id = (select id from live_code_targets
            where merchant_id = ${merchantId} and id = ${target.id} and ${room} for update skip locked)
            and ${room}
          returning daily_limit, assigned, capacity, warned_at is null as unwarned`)
      : await tx.execute(sql`update live_code_targets set assigned = assigned + 1
          where merchant_id = ${merchantId} and id = ${target.id} and ${room}
          returning daily_limit, assigned, capacity, warned_at is null as unwarned`),
  )[0];
  if (!taken) return null;
  if (taken.daily_limit === null) return taken;
  const today = rowsOf<{ assigned: number }>(
    await tx.execute(sql`insert into live_code_target_days as d (merchant_id, target_id, day, assigned)
      values (${merchantId}, ${target.id}, ${day}::date, 1)
      on conflict (merchant_id, target_id, day) do update set assigned = d.assigned + 1
        where d.assigned < ${taken.daily_limit}
      returning assigned`),
  )[0];
  if (today) return taken;
  await tx.execute(sql`update live_code_targets set assigned = assigned - 1
    where merchant_id = ${merchantId} and id = ${target.id}`);
  return null;
}

/** Once per target: when a capped target passes the code's warning share, tell staff to open the next group. */
async function warnWhenNearlyFull(
  tx: Tx,
  merchantId: string,
  liveCodeId: string,
  targetId: string,
  warnPercent: number,
  now: Date,
): Promise<void> {
  const warned = rowsOf<{ assigned: number; capacity: number }>(
    await tx.execute(sql`update live_code_targets set warned_at = ${now}
      where merchant_id = ${merchantId} and id = ${targetId} and warned_at is null and capacity is not null
        and assigned * 100 >= capacity * ${warnPercent}
      returning assigned, capacity`),
  )[0];
  if (!warned) return;
  await recordEvent(tx, merchantId, {
    type: "live_code.target_nearly_full",
    properties: { liveCodeId, targetId, assigned: warned.assigned, capacity: warned.capacity },
    source: "system",
    occurredAt: now,
  });
}
