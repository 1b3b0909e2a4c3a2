import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { decodeCursor, toPage } from "../../lib/pagination.js";
import { getShopMessaging } from "../messaging/message-settings.js";
import { type StaffTaskRow, staffTasks, type TaskKind } from "./tables.js";

export const taskWebhookJobName = "tasks.webhook";

/** Tasks' image URLs as a relation (merchant_id, image_url), for modules whose files tasks show. */
export function selectTaskImageUrls() {
  return sql`(select merchant_id, image_url from staff_tasks where image_url is not null)`;
}

export type NewTask = {
  kind: TaskKind;
  /** What made it ("occurrence:<id>", "event:<id>"); a second task for the same source is not made. */
  source: string;
  assigneeStaffId: string | null;
  communityId: string | null;
  title: string;
  body?: string;
  imageUrl?: string | null;
  linkUrl?: string | null;
  now: Date;
};

/**
 * Opens a task once per source and, when the shop has a webhook, queues a `task.created` post to
 * it (retried by the job runner with backoff). Answers the task's id, new or existing.
 */
export async function createStaffTask(tx: Tx, merchantId: string, task: NewTask): Promise<string> {
  const [row] = await tx
    .insert(staffTasks)
    .values({
      merchantId,
      kind: task.kind,
      source: task.source,
      assigneeStaffId: task.assigneeStaffId,
      communityId: task.communityId,
      title: task.title.slice(0, 200),
      body: (task.body ?? "").slice(0, 4000),
      imageUrl: task.imageUrl ?? null,
      linkUrl: task.linkUrl ?? null,
      createdAt: task.now,
    })
    .onConflictDoNothing()
    .returning({ id: staffTasks.id });
  if (!row) {
    const [existing] = await tx
      .select({ id: staffTasks.id })
      .from(staffTasks)
      .where(and(eq(staffTasks.merchantId, merchantId), eq(staffTasks.source, task.source)));
    if (!existing) throw new AppError("internal", "Task not written");
    return existing.id;
  }
  const shop = await getShopMessaging(tx, merchantId);
  if (shop.webhook) {
    await enqueueJob(tx, {
      name: taskWebhookJobName,
      merchantId,
      payload: { taskId: row.id },
      dedupeKey: `task-webhook:${merchantId}:${row.id}`,
      maxAttempts: 8,
    });
  }
  return row.id;
}

export type TaskView = Omit<StaffTaskRow, "merchantId"> & {
  assigneeName: string | null;
  doneByName: string | null;
  communityName: string | null;
};

async function selectTasks(tx: Tx, merchantId: string, where: ReturnType<typeof sql>, limit: number) {
  const rows = await tx
    .select()
    .from(staffTasks)
    .where(and(eq(staffTasks.merchantId, merchantId), where))
    .orderBy(desc(staffTasks.createdAt), desc(staffTasks.id))
    .limit(limit);
  const staffIds = [...new Set(rows.flatMap((r) => [r.assigneeStaffId, r.doneByStaffId]).filter(Boolean))];
  const communityIds = [...new Set(rows.map((r) => r.communityId).filter(Boolean))];
  const names = new Map<string, string>();
  if (staffIds.length > 0) {
    const staff = (await tx.execute(
      sql`select s.id, u.name from staff s join users u on u.id = s.user_id
        where s.merchant_id = ${merchantId} and s.id = any(${`{${staffIds.join(",")}}`}::uuid[])`,
    )) as unknown as { rows: { id: string; name: string }[] };
    for (const s of staff.rows) names.set(s.id, s.name);
  }
  const communityNames = new Map<string, string>();
  if (communityIds.length > 0) {
    const found = (await tx.execute(
      sql`select id, name from communities where merchant_id = ${merchantId}
        and id = any(${`{${communityIds.join(",")}}`}::uuid[])`,
    )) as unknown as { rows: { id: string; name: string }[] };
    for (const c of found.rows) communityNames.set(c.id, c.name);
  }
  return rows.map(({ merchantId: _m, ...r }) => ({
    ...r,
    assigneeName: r.assigneeStaffId ? (names.get(r.assigneeStaffId) ?? null) : null,
    doneByName: r.doneByStaffId ? (names.get(r.doneByStaffId) ?? null) : null,
    communityName: r.communityId ? (communityNames.get(r.communityId) ?? null) : null,
  }));
}

export async function getTask(tx: Tx, merchantId: string, id: string): Promise<TaskView> {
  const [row] = await selectTasks(tx, merchantId, eq(staffTasks.id, id), 1);
  if (!row) throw notFound("Task");
  return row;
}

/** Newest first; `assigneeStaffId` narrows to one staff member's tasks. */
export async function listTasks(
  tx: Tx,
  merchantId: string,
  query: { assigneeStaffId?: string; status?: "open" | "done"; limit: number; cursor?: string },
) {
  const after = decodeCursor(query.cursor);
  const rows = await selectTasks(
    tx,
    merchantId,
    and(
      query.assigneeStaffId ? eq(staffTasks.assigneeStaffId, query.assigneeStaffId) : undefined,
      query.status ? eq(staffTasks.status, query.status) : undefined,
      after
        ? sql`(${staffTasks.createdAt}, ${staffTasks.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
        : undefined,
    ) ?? sql`true`,
    query.limit + 1,
  );
  return toPage(rows, query.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
}

/**
 * Marks a task done (who, when). Staff may close their own tasks and unassigned ones; `anyTask`
 * (managers) closes anybody's. Closing twice is refused with already_done.
 */
export async function markTaskDone(
  tx: Tx,
  merchantId: string,
  id: string,
  by: { staffId: string; anyTask: boolean },
  now: Date,
): Promise<TaskView> {
  const [task] = await tx
    .select({ status: staffTasks.status, assigneeStaffId: staffTasks.assigneeStaffId })
    .from(staffTasks)
    .where(and(eq(staffTasks.merchantId, merchantId), eq(staffTasks.id, id)))
    .for("update");
  if (!task) throw notFound("Task");
  if (!by.anyTask && task.assigneeStaffId && task.assigneeStaffId !== by.staffId) {
    throw new AppError("forbidden", "This task is assigned to someone else");
  }
  if (task.status === "done") throw new AppError("already_done", "This task is already done");
  await tx
    .update(staffTasks)
    .set({ status: "done", doneAt: now, doneByStaffId: by.staffId })
    .where(and(eq(staffTasks.merchantId, merchantId), eq(staffTasks.id, id)));
  return getTask(tx, merchantId, id);
}
