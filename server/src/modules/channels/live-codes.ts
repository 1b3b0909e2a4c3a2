import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { randomToken } from "../../lib/tokens.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";
import { getCommunitiesForRouting, selectCommunitiesForRouting } from "../community/community-routing.js";
import { findStaffIds, selectStaffForRouting } from "../staff/staff-routing.js";
import { storeBriefs } from "../stores/find-stores.js";
import { localDay } from "./assign-target.js";
import type { LiveCodeInput, LiveCodeView } from "./schemas.js";

export const liveCodePath = (code: string) => `/c/${code}`;

const invalid = (field: string, message: string) => new AppError("validation_failed", message, { field });

type Communities = Awaited<ReturnType<typeof getCommunitiesForRouting>>;

/**
 * Checks what the input points at, so a wrong id is a 4xx and not a foreign-key failure; returns
 * the named communities (a target without its own capacity takes its community's).
 */
async function checkReferences(tx: Tx, merchantId: string, input: LiveCodeInput): Promise<Communities> {
  const keys = new Set(input.windows.map((w) => w.key));
  if (keys.size !== input.windows.length) throw invalid("windows", "Window keys must be unique");
  if (input.strategy === "schedule" && input.windows.length === 0) {
    throw invalid("windows", "A schedule needs at least one time window");
  }
  input.targets.forEach((t, i) => {
    if (t.kind === "community" && (!t.communityId || t.staffId)) {
      throw invalid(`targets.${i}`, "A community target names a community (and no staff member)");
    }
    if (t.kind === "staff" && (!t.staffId || t.communityId)) {
      throw invalid(`targets.${i}`, "A staff target names a staff member (and no community)");
    }
    if (t.windowKey && !keys.has(t.windowKey)) throw invalid(`targets.${i}.windowKey`, "No such window");
  });
  if (!input.targets.some((t) => t.role === "primary"))
    throw invalid("targets", "At least one primary target");
  const communityIds = idsOf(input.targets.map((t) => t.communityId));
  const communities = await getCommunitiesForRouting(tx, merchantId, communityIds);
  if (communities.size !== communityIds.length) throw unknown("targets.communityId");
  const staffIds = idsOf(input.targets.map((t) => t.staffId));
  if ((await findStaffIds(tx, merchantId, staffIds)).size !== staffIds.length)
    throw unknown("targets.staffId");
  const storeIds = idsOf([input.storeId, ...input.targets.map((t) => t.storeId)]);
  if ((await storeBriefs(tx, merchantId, storeIds)).size !== storeIds.length) throw unknown("storeId");
  await requireIds(tx, "tags", merchantId, input.tagIds, "tagIds");
  await requireIds(
    tx,
    "coupon_templates",
    merchantId,
    [input.welcomeCouponTemplateId],
    "welcomeCouponTemplateId",
  );
  return communities;
}

const idsOf = (ids: (string | null | undefined)[]) => [
  ...new Set(ids.filter((id): id is string => Boolean(id))),
];

const unknown = (field: string) => new AppError("unprocessable", `Unknown ${field}`, { field });

async function requireIds(
  tx: Tx,
  table: "tags" | "coupon_templates",
  merchantId: string,
  ids: (string | null | undefined)[],
  field: string,
): Promise<void> {
  const wanted = idsOf(ids);
  if (wanted.length === 0) return;
  const found = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)}
      where merchant_id = ${merchantId} and id = any(${uuidArrayLiteral(wanted)}::uuid[])`),
  )[0];
  if (found?.n !== wanted.length) throw unknown(field);
}

/** Creates a live code with its random public code, windows and targets. */
export async function createLiveCode(
  tx: Tx,
  merchantId: string,
  input: LiveCodeInput,
): Promise<LiveCodeView> {
  const communities = await checkReferences(tx, merchantId, input);
  const code = randomToken(8);
  const row = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into live_codes (merchant_id, code, name, kind, store_id, strategy, cost, tag_ids,
        welcome_message, welcome_points, welcome_coupon_template_id, warn_percent)
      values (${merchantId}, ${code}, ${input.name}, ${input.kind}, ${input.storeId ?? null}, ${input.strategy},
        ${input.cost}, ${uuidArrayLiteral(input.tagIds)}::uuid[], ${input.welcomeMessage}, ${input.welcomePoints ?? null},
        ${input.welcomeCouponTemplateId ?? null}, ${input.warnPercent})
      returning id`),
  )[0];
  if (!row) throw new AppError("internal", "Live code not created");
  await tx.execute(
    sql`insert into live_code_lookup (code, merchant_id, live_code_id) values (${code}, ${merchantId}, ${row.id})`,
  );
  await syncWindowsAndTargets(tx, merchantId, row.id, input, communities);
  return getLiveCode(tx, merchantId, row.id, new Date());
}

/** Replaces a code's settings, windows and targets; targets keep their counters by id. */
export async function updateLiveCode(
  tx: Tx,
  merchantId: string,
  id: string,
  input: LiveCodeInput,
): Promise<LiveCodeView> {
  const communities = await checkReferences(tx, merchantId, input);
  const updated = rowsOf<{ id: string }>(
    await tx.execute(sql`update live_codes set name = ${input.name}, kind = ${input.kind}, store_id = ${input.storeId ?? null},
        strategy = ${input.strategy}, cost = ${input.cost}, tag_ids = ${uuidArrayLiteral(input.tagIds)}::uuid[],
        welcome_message = ${input.welcomeMessage}, welcome_points = ${input.welcomePoints ?? null},
        welcome_coupon_template_id = ${input.welcomeCouponTemplateId ?? null}, warn_percent = ${input.warnPercent},
        updated_at = now()
      where merchant_id = ${merchantId} and id = ${id} returning id`),
  );
  if (updated.length === 0) throw notFound("Live code");
  await syncWindowsAndTargets(tx, merchantId, id, input, communities);
  return getLiveCode(tx, merchantId, id, new Date());
}

async function syncWindowsAndTargets(
  tx: Tx,
  merchantId: string,
  liveCodeId: string,
  input: LiveCodeInput,
  communities: Communities,
) {
  const windowIds = new Map<string, string>();
  const keptWindows = input.windows.flatMap((w) => (w.id ? [w.id] : []));
  await tx.execute(sql`delete from live_code_windows where merchant_id = ${merchantId} and live_code_id = ${liveCodeId}
    and not (id = any(${uuidArrayLiteral(keptWindows)}::uuid[]))`);
  for (const [position, w] of input.windows.entries()) {
    const weekdays = `{${[...new Set(w.weekdays)].join(",")}}`;
    const row = rowsOf<{ id: string }>(
      w.id
        ? await tx.execute(sql`update live_code_windows set weekdays = ${weekdays}::int[], start_minute = ${w.startMinute},
            end_minute = ${w.endMinute}, pick = ${w.pick}, position = ${position}
            where merchant_id = ${merchantId} and live_code_id = ${liveCodeId} and id = ${w.id} returning id`)
        : await tx.execute(sql`insert into live_code_windows (merchant_id, live_code_id, weekdays, start_minute, end_minute, pick, position)
            values (${merchantId}, ${liveCodeId}, ${weekdays}::int[], ${w.startMinute}, ${w.endMinute}, ${w.pick}, ${position})
            returning id`),
    )[0];
    if (!row) throw invalid(`windows.${position}.id`, "No such window on this code");
    windowIds.set(w.key, row.id);
  }
  const keptTargets = input.targets.flatMap((t) => (t.id ? [t.id] : []));
  // Targets that took newcomers stay (assignments point at them) but leave the code.
  await tx.execute(sql`update live_code_targets set removed_at = now(), enabled = false
    where merchant_id = ${merchantId} and live_code_id = ${liveCodeId} and removed_at is null
      and not (id = any(${uuidArrayLiteral(keptTargets)}::uuid[]))
      and exists (select 1 from live_code_assignments a where a.merchant_id = live_code_targets.merchant_id and a.target_id = live_code_targets.id)`);
  await tx.execute(sql`delete from live_code_targets
    where merchant_id = ${merchantId} and live_code_id = ${liveCodeId} and removed_at is null
      and not (id = any(${uuidArrayLiteral(keptTargets)}::uuid[]))`);
  for (const [position, t] of input.targets.entries()) {
    const windowId = t.windowKey ? (windowIds.get(t.windowKey) ?? null) : null;
    const capacity = sql`${
      t.capacity === undefined && t.communityId
        ? (communities.get(t.communityId)?.capacity ?? null)
        : (t.capacity ?? null)
    }::int`;
    const row = rowsOf<{ id: string }>(
      t.id
        ? await tx.execute(sql`update live_code_targets set kind = ${t.kind}, community_id = ${t.communityId ?? null},
            staff_id = ${t.staffId ?? null}, role = ${t.role}, window_id = ${windowId}, store_id = ${t.storeId ?? null},
            position = ${position}, capacity = ${capacity}, daily_limit = ${t.dailyLimit ?? null}, enabled = ${t.enabled},
            warned_at = case when ${capacity} is distinct from capacity then null else warned_at end
            where merchant_id = ${merchantId} and live_code_id = ${liveCodeId} and id = ${t.id} and removed_at is null
            returning id`)
        : await tx.execute(sql`insert into live_code_targets (merchant_id, live_code_id, kind, community_id, staff_id, role,
              window_id, store_id, position, capacity, daily_limit, enabled)
            values (${merchantId}, ${liveCodeId}, ${t.kind}, ${t.communityId ?? null}, ${t.staffId ?? null}, ${t.role},
              ${windowId}, ${t.storeId ?? null}, ${position}, ${capacity}, ${t.dailyLimit ?? null}, ${t.enabled})
            returning id`),
    )[0];
    if (!row) throw invalid(`targets.${position}.id`, "No such target on this code");
  }
  // A lowered capacity below what was already sent there is refused by the check constraint; say so.
}

type CodeRow = {
  id: string;
  code: string;
  name: string;
  kind: LiveCodeView["kind"];
  store_id: string | null;
  strategy: LiveCodeView["strategy"];
  cost: string | number;
  tag_ids: string[] | string;
  welcome_message: string;
  welcome_points: number | null;
  welcome_coupon_template_id: string | null;
  warn_percent: number;
  status: "active" | "archived";
  created_at: string | Date;
  time_zone: string;
};

const uuidList = (value: string[] | string): string[] =>
  Array.isArray(value) ? value : value.replace(/[{}]/g, "").split(",").filter(Boolean);

export async function getLiveCode(tx: Tx, merchantId: string, id: string, now: Date): Promise<LiveCodeView> {
  const row = rowsOf<CodeRow>(
    await tx.execute(sql`select c.*, m.time_zone from live_codes c join merchants m on m.id = c.merchant_id
      where c.merchant_id = ${merchantId} and c.id = ${id}`),
  )[0];
  if (!row) throw notFound("Live code");
  const day = localDay(now, row.time_zone);
  const windows = rowsOf<{
    id: string;
    weekdays: number[];
    start_minute: number;
    end_minute: number;
    pick: "fill";
  }>(
    await tx.execute(sql`select id, weekdays, start_minute, end_minute, pick from live_code_windows
      where merchant_id = ${merchantId} and live_code_id = ${id} order by position, id`),
  );
  const targets = rowsOf<{
    id: string;
    kind: "community" | "staff";
    community_id: string | null;
    staff_id: string | null;
    name: string | null;
    role: "primary" | "backup";
    window_id: string | null;
    store_id: string | null;
    position: number;
    capacity: number | null;
    assigned: number;
    daily_limit: number | null;
    assigned_today: number;
    enabled: boolean;
    available: boolean;
  }>(
    await tx.execute(sql`select t.id, t.kind, t.community_id, t.staff_id, coalesce(c.name, s.name) as name, t.role,
        t.window_id, t.store_id, t.position, t.capacity, t.assigned, t.daily_limit,
        coalesce(d.assigned, 0)::int as assigned_today, t.enabled,
        t.enabled and case t.kind
          when 'community' then coalesce(c.open, false)
          else coalesce(s.active, false) and coalesce(k.on_duty, true) end as available
      from live_code_targets t
      left join ${selectCommunitiesForRouting(merchantId)} c on c.id = t.community_id
      left join ${selectStaffForRouting(merchantId)} s on s.id = t.staff_id
      left join channel_staff_cards k on k.merchant_id = t.merchant_id and k.staff_id = t.staff_id
      left join live_code_target_days d on d.merchant_id = t.merchant_id and d.target_id = t.id and d.day = ${day}::date
      where t.merchant_id = ${merchantId} and t.live_code_id = ${id} and t.removed_at is null
      order by t.position, t.id`),
  );
  return {
    id: row.id,
    code: row.code,
    path: liveCodePath(row.code),
    name: row.name,
    kind: row.kind,
    storeId: row.store_id,
    strategy: row.strategy,
    cost: Number(row.cost),
    tagIds: uuidList(row.tag_ids),
    welcomeMessage: row.welcome_message,
    welcomePoints: row.welcome_points,
    welcomeCouponTemplateId: row.welcome_coupon_template_id,
    warnPercent: row.warn_percent,
    status: row.status,
    createdAt: new Date(row.created_at),
    windows: windows.map((w) => ({
      id: w.id,
      weekdays: (Array.isArray(w.weekdays) ? w.weekdays : []).map(Number),
      startMinute: w.start_minute,
      endMinute: w.end_minute,
      pick: w.pick,
    })),
    targets: targets.map((t) => ({
      id: t.id,
      kind: t.kind,
      communityId: t.community_id,
      staffId: t.staff_id,
      name: t.name ?? "",
      role: t.role,
      windowId: t.window_id,
      storeId: t.store_id,
      position: t.position,
      capacity: t.capacity,
      assigned: t.assigned,
      dailyLimit: t.daily_limit,
      assignedToday: Number(t.assigned_today),
      enabled: t.enabled,
      available: Boolean(t.available),
    })),
  };
}

/** Archives a live code: its URL then answers that the code is no longer in use. */
export async function archiveLiveCode(tx: Tx, merchantId: string, id: string): Promise<void> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`update live_codes set status = 'archived', updated_at = now()
      where merchant_id = ${merchantId} and id = ${id} returning id`),
  );
  if (rows.length === 0) throw notFound("Live code");
}
