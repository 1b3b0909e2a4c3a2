import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant, withSystem } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { events } from "../events/tables.js";
import { createStaffTask } from "./staff-tasks.js";
import { staffTaskCursors } from "./tables.js";

const taskEventTypes = ["community.qr_expiring", "live_code.target_nearly_full"];
// Event ids come from one sequence but commit out of order; reading only settled events keeps a
// slow transaction's lower id from landing behind the cursor (as community/layer-invitations.ts).
const settleMs = 30_000;
const batchSize = 500;

type TargetRow = {
  community_id: string | null;
  community_name: string | null;
  owner_staff_id: string | null;
  staff_id: string | null;
  staff_name: string | null;
  code_name: string | null;
};

async function taskOfEvent(
  tx: Tx,
  merchantId: string,
  event: { id: number; type: string; properties: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const p = event.properties;
  const source = `event:${event.id}`;
  if (event.type === "community.qr_expiring") {
    const name = typeof p.name === "string" ? p.name : "";
    await createStaffTask(tx, merchantId, {
      kind: "qr_expiring",
      source,
      assigneeStaffId: typeof p.ownerStaffId === "string" ? p.ownerStaffId : null,
      communityId: typeof p.communityId === "string" ? p.communityId : null,
      title: `上传新的入群二维码：${name} / Upload a fresh join QR for ${name}`,
      body: typeof p.expiresAt === "string" ? `expires ${p.expiresAt}` : "",
      now,
    });
    return;
  }
  if (typeof p.targetId !== "string") return;
  const [target] = rowsOf<TargetRow>(
    await tx.execute(sql`select t.community_id, c.name as community_name, c.owner_staff_id, t.staff_id,
        u.name as staff_name, l.name as code_name
      from live_code_targets t
      left join communities c on c.merchant_id = t.merchant_id and c.id = t.community_id
      left join staff s on s.merchant_id = t.merchant_id and s.id = t.staff_id
      left join users u on u.id = s.user_id
      left join live_codes l on l.merchant_id = t.merchant_id and l.id = t.live_code_id
      where t.merchant_id = ${merchantId} and t.id = ${p.targetId}`),
  );
  if (!target) return;
  const name = target.community_name ?? target.staff_name ?? "";
  await createStaffTask(tx, merchantId, {
    kind: "group_nearly_full",
    source,
    assigneeStaffId: target.owner_staff_id ?? target.staff_id,
    communityId: target.community_id,
    title: `在「${name}」满员前开新群 / Open a new group before ${name} fills`,
    body: [target.code_name ? `活码 ${target.code_name}` : "", `${p.assigned}/${p.capacity}`]
      .filter(Boolean)
      .join(" · "),
    now,
  });
}

/**
 * One merchant's new QR-expiry and nearly-full events become tasks. The cursor row is claimed with
 * SKIP LOCKED so two processes never read the same batch; the task's unique source makes a replay
 * harmless. Answers how many events it read, or null when another process holds the cursor.
 */
export async function turnEventsIntoTasks(tx: Tx, merchantId: string, now: Date): Promise<number | null> {
  await tx.insert(staffTaskCursors).values({ merchantId }).onConflictDoNothing();
  const [cursor] = await tx
    .select({ lastEventId: staffTaskCursors.lastEventId })
    .from(staffTaskCursors)
    .where(eq(staffTaskCursors.merchantId, merchantId))
    .for("update", { skipLocked: true });
  if (!cursor) return null;
  const batch = await tx
    .select({ id: events.id, type: events.type, properties: events.properties })
    .from(events)
    .where(
      and(
        eq(events.merchantId, merchantId),
        inArray(events.type, taskEventTypes),
        gt(events.id, cursor.lastEventId),
        lt(events.createdAt, new Date(now.getTime() - settleMs)),
      ),
    )
    .orderBy(asc(events.id))
    .limit(batchSize);
  if (batch.length === 0) return 0;
  for (const event of batch) await taskOfEvent(tx, merchantId, event, now);
  await tx
    .update(staffTaskCursors)
    .set({ lastEventId: batch.at(-1)!.id, updatedAt: now })
    .where(eq(staffTaskCursors.merchantId, merchantId));
  return batch.length;
}

/** The job body: each merchant with unread task events, in its own transaction. */
export async function runEventTasks(database: Database, now: Date) {
  const merchants = rowsOf<{ merchant_id: string }>(
    await withSystem(database, (tx) =>
      tx.execute(sql`select distinct e.merchant_id from events e
        where e.type = any(${`{${taskEventTypes.join(",")}}`}::text[])
          and e.created_at < ${new Date(now.getTime() - settleMs)}
          and e.id > coalesce((select c.last_event_id from staff_task_cursors c where c.merchant_id = e.merchant_id), 0)`),
    ),
  );
  let read = 0;
  for (const { merchant_id: merchantId } of merchants) {
    for (let round = 0; round < 100; round++) {
      const n = await withMerchant(database, merchantId, (tx) => turnEventsIntoTasks(tx, merchantId, now));
      if (n === null || n === 0) break;
      read += n;
    }
  }
  return { merchants: merchants.length, read };
}
