import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { wallClockParts } from "../../lib/dates.js";
import { selectCommunitiesForRouting } from "../community/community-routing.js";
import { recordEvent, recordEvents } from "../events/record-events.js";
import { selectStaffForRouting } from "../staff/staff-routing.js";
import { listStorePlaces } from "../stores/store-places.js";
import { allocateTargets } from "./allocate-targets.js";
import type { Candidate, Whereabouts, Window } from "./routing-rules.js";
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

type CodeRow = {
  strategy: RoutingStrategy;
  warn_percent: number;
  time_zone: string;
  status: string;
  rr_cursor: string | number;
};

/** The merchant's calendar day at `now`, as "YYYY-MM-DD" (staff daily limits count by it). */
export function localDay(now: Date, timeZone: string): string {
  const c = wallClockParts(now.getTime(), timeZone);
  return `${c.year}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
}

/** Routes one customer (see assignTargets). */
export async function assignTarget(tx: Tx, merchantId: string, input: AssignInput): Promise<Assignment> {
  const [assignment] = await assignTargets(tx, merchantId, input.liveCodeId, [input]);
  return assignment!;
}

/**
 * Routes customers who came through one live code, each to one target or to none when every target
 * is full, as if they had scanned one after another. The code's row is locked first, so batches of
 * one code take turns and the targets' counters read under the lock are exact; the routing itself
 * is pure (allocateTargets), and every counter, the cursor and the assignments are written in one
 * statement. A customer routed before gets the same target again (sticky), also twice in one batch.
 */
export async function assignTargets(
  tx: Tx,
  merchantId: string,
  liveCodeId: string,
  inputs: readonly AssignInput[],
): Promise<Assignment[]> {
  const code = rowsOf<CodeRow>(
    await tx.execute(sql`select c.strategy, c.warn_percent, c.status, c.rr_cursor, m.time_zone
      from live_codes c join merchants m on m.id = c.merchant_id
      where c.merchant_id = ${merchantId} and c.id = ${liveCodeId}
      for update of c`),
  )[0];
  if (!code) throw notFound("Live code");
  const earlier = await readEarlierTargets(tx, merchantId, liveCodeId, inputs);
  const firsts = new Map<string, number>();
  const toRoute: number[] = [];
  inputs.forEach((input, i) => {
    if (earlier.has(input.customerId) || firsts.has(input.customerId)) return;
    firsts.set(input.customerId, i);
    toRoute.push(i);
  });
  const routed = new Map<string, string | null>();
  if (toRoute.length > 0 && code.status === "active") {
    const requests = toRoute.map((i) => inputs[i]!);
    const targetIds = await routeNewcomers(tx, merchantId, liveCodeId, code, requests);
    for (const [i, r] of requests.entries()) routed.set(r.customerId, targetIds[i]!);
  }
  const unrouted = toRoute.map((i) => inputs[i]!).filter((r) => !routed.get(r.customerId));
  if (code.status === "active" && unrouted.length > 0) {
    await recordEvents(
      tx,
      merchantId,
      unrouted.map((r) => ({
        customerId: r.customerId,
        type: "live_code.all_full",
        properties: { liveCodeId },
        source: "member",
        occurredAt: r.now,
      })),
    );
  }
  return inputs.map((input, i) => {
    const before = earlier.get(input.customerId);
    if (before) return { targetId: before, sticky: true };
    const targetId = routed.get(input.customerId) ?? null;
    return { targetId, sticky: firsts.get(input.customerId) !== i && targetId !== null };
  });
}

/** The targets of the customers this code routed before (sticky). */
async function readEarlierTargets(
  tx: Tx,
  merchantId: string,
  liveCodeId: string,
  inputs: readonly AssignInput[],
): Promise<Map<string, string>> {
  const customerIds = [...new Set(inputs.map((i) => i.customerId))];
  const found = rowsOf<{ customer_id: string; target_id: string }>(
    // A join on the unnested ids, not `customer_id = any(…)`: on a young code's stale statistics the
    // planner scanned every assignment against all 200 ids (5–15 ms a batch).
    await tx.execute(sql`select a.customer_id, a.target_id
      from unnest(${`{${customerIds.join(",")}}`}::uuid[]) as c(id)
      join live_code_assignments a on a.merchant_id = ${merchantId} and a.live_code_id = ${liveCodeId}
        and a.customer_id = c.id
      where a.target_id is not null`),
  );
  return new Map(found.map((r) => [r.customer_id, r.target_id]));
}

/** Routes first-time customers under the code's lock and writes the outcome; their target ids in order. */
async function routeNewcomers(
  tx: Tx,
  merchantId: string,
  liveCodeId: string,
  code: CodeRow,
  requests: readonly AssignInput[],
): Promise<(string | null)[]> {
  const day = localDay(requests[0]!.now, code.time_zone);
  const candidates = await readCandidates(tx, merchantId, liveCodeId, day);
  const windows = code.strategy === "schedule" ? await readWindows(tx, merchantId, liveCodeId) : [];
  const stores = code.strategy === "store" ? await listStorePlaces(tx, merchantId) : [];
  const { targetIds, takenBy, turns } = allocateTargets(
    candidates,
    {
      strategy: code.strategy,
      cursor: Number(code.rr_cursor),
      windows,
      stores,
      turnsCursor: needsCursor(code.strategy, windows),
    },
    code.time_zone,
    requests.map((r) => ({ where: r.where ?? null, now: r.now, random: r.random })),
  );
  const limited = new Set(candidates.filter((c) => c.dailyLimit !== null).map((c) => c.id));
  const taken = [...takenBy].map(([id, n]) => ({ id, n, limited: limited.has(id) }));
  const assigned = requests.map((r, i) => ({
    c: r.customerId,
    t: targetIds[i],
    n: r.newMember,
    at: r.now.toISOString(),
  }));
  const filled = rowsOf<Filled>(
    await tx.execute(sql`with taken as (
        select * from jsonb_to_recordset(${JSON.stringify(taken)}::jsonb) as x(id uuid, n int, limited boolean)
      ), assigned as (
        select * from jsonb_to_recordset(${JSON.stringify(assigned)}::jsonb)
          as x(c uuid, t uuid, n boolean, at timestamptz)
      ), turned as (
        update live_codes set rr_cursor = rr_cursor + ${turns}::int
        where ${turns}::int > 0 and merchant_id = ${merchantId} and id = ${liveCodeId}
      ), days as (
        insert into live_code_target_days as d (merchant_id, target_id, day, assigned)
        select ${merchantId}, id, ${day}::date, n from taken where limited
        on conflict (merchant_id, target_id, day) do update set assigned = d.assigned + excluded.assigned
      ), routed as (
        insert into live_code_assignments as a (merchant_id, live_code_id, customer_id, target_id, new_member, assigned_at)
        select ${merchantId}, ${liveCodeId}, c, t, n, at from assigned
        on conflict (merchant_id, live_code_id, customer_id) do update
          set target_id = excluded.target_id, assigned_at = excluded.assigned_at
      )
      update live_code_targets t set assigned = t.assigned + taken.n
      from taken
      where t.merchant_id = ${merchantId} and t.id = taken.id
      returning t.id, t.assigned, t.capacity, t.warned_at is null as unwarned`),
  );
  for (const target of filled) {
    if (
      target.unwarned &&
      target.capacity !== null &&
      target.assigned * 100 >= target.capacity * code.warn_percent
    ) {
      await warnWhenNearlyFull(
        tx,
        merchantId,
        liveCodeId,
        target.id,
        code.warn_percent,
        requests.at(-1)!.now,
      );
    }
  }
  return targetIds;
}

type Filled = { id: string; assigned: number; capacity: number | null; unwarned: boolean };

const needsCursor = (strategy: RoutingStrategy, windows: Window[]) =>
  strategy === "round_robin" || (strategy === "schedule" && windows.some((w) => w.pick === "round_robin"));

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
      where t.merchant_id = ${merchantId} and t.live_code_id = ${liveCodeId} and t.removed_at is null
      for update of t`),
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
