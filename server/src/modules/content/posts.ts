import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { checkCardRef } from "../community/chat/chat-cards.js";
import { communities } from "../community/tables.js";
import { nextRun, type Recurrence, runsBetween } from "./recurrence.js";
import type { Occurrence, Post, PostChange, PostInput } from "./schemas.js";
import { type ContentPostRow, contentOccurrences, contentPosts } from "./tables.js";
import { getTemplateRow } from "./templates.js";

const invalid = (path: string, message: string) =>
  new AppError("validation_failed", `${path}: ${message}`, { issues: [{ path, message }] });

export async function shopTimeZone(tx: Tx, merchantId: string): Promise<string> {
  const [row] = rowsOf<{ time_zone: string }>(
    await tx.execute(sql`select time_zone from merchants where id = ${merchantId}`),
  );
  if (!row) throw notFound("Merchant");
  return row.time_zone;
}

const ruleOf = (p: Pick<ContentPostRow, "repeat" | "startDate" | "endDate" | "localTime" | "weekdays">) =>
  ({
    repeat: p.repeat,
    startDate: p.startDate,
    endDate: p.endDate,
    localTime: p.localTime,
    weekdays: p.weekdays,
  }) satisfies Recurrence;

/** Refuses a schedule that can never run again, and answers its next run. */
function firstRun(rule: Recurrence, timeZone: string, now: Date): Date {
  if (rule.repeat === "weekly" && rule.weekdays.length === 0) {
    throw invalid("body.schedule.weekdays", "choose at least one weekday");
  }
  if (rule.endDate && rule.endDate < rule.startDate) {
    throw invalid("body.schedule.endDate", "must not be before startDate");
  }
  const next = nextRun(rule, timeZone, now.getTime());
  if (next === null) throw invalid("body.schedule", "has no run in the future");
  return new Date(next);
}

async function requireCommunity(tx: Tx, merchantId: string, communityId: string) {
  const [row] = await tx
    .select({ id: communities.id, status: communities.status })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)));
  if (!row) throw notFound("Community");
  if (row.status !== "active") throw new AppError("conflict", "The community is archived");
}

export async function createPost(
  tx: Tx,
  merchantId: string,
  input: PostInput,
  options: { staffId: string | null; now: Date },
): Promise<string> {
  await requireCommunity(tx, merchantId, input.communityId);
  const template = input.templateId ? await getTemplateRow(tx, merchantId, input.templateId) : null;
  const title = input.title ?? template?.title;
  if (!title) throw invalid("body.title", "required without a template");
  const card = input.card === undefined ? (template?.card ?? null) : input.card;
  if (card) await checkCardRef(tx, merchantId, card, options.now);
  const rule = { ...input.schedule, weekdays: [...new Set(input.schedule.weekdays)].sort() };
  const next = firstRun(rule, await shopTimeZone(tx, merchantId), options.now);
  const [row] = await tx
    .insert(contentPosts)
    .values({
      merchantId,
      communityId: input.communityId,
      templateId: template?.id ?? null,
      title,
      body: input.body ?? template?.body ?? "",
      imageUrl: input.imageUrl === undefined ? (template?.imageUrl ?? null) : input.imageUrl,
      linkUrl: input.linkUrl === undefined ? (template?.linkUrl ?? null) : input.linkUrl,
      card,
      promotional: input.promotional ?? template?.promotional ?? false,
      ...rule,
      nextAt: next,
      createdByStaffId: options.staffId,
      createdAt: options.now,
      updatedAt: options.now,
    })
    .returning({ id: contentPosts.id });
  return row!.id;
}

async function lockPost(tx: Tx, merchantId: string, id: string): Promise<ContentPostRow> {
  const [row] = await tx
    .select()
    .from(contentPosts)
    .where(and(eq(contentPosts.merchantId, merchantId), eq(contentPosts.id, id)))
    .for("update");
  if (!row) throw notFound("Post");
  return row;
}

/** Changes content or schedule; a new schedule counts from now (runs already made stay). */
export async function updatePost(tx: Tx, merchantId: string, id: string, change: PostChange, now: Date) {
  const post = await lockPost(tx, merchantId, id);
  if (post.status !== "active") throw new AppError("conflict", `The post is ${post.status}`);
  if (change.card) await checkCardRef(tx, merchantId, change.card, now);
  const { schedule, ...content } = change;
  const rule = schedule ? { ...schedule, weekdays: [...new Set(schedule.weekdays)].sort() } : ruleOf(post);
  const next = firstRun(rule, await shopTimeZone(tx, merchantId), now);
  await tx
    .update(contentPosts)
    .set({
      ...content,
      ...rule,
      nextAt: next,
      // A new link target needs its own tracked link.
      shortLinkId: change.linkUrl !== undefined && change.linkUrl !== post.linkUrl ? null : post.shortLinkId,
      updatedAt: now,
    })
    .where(and(eq(contentPosts.merchantId, merchantId), eq(contentPosts.id, id)));
}

/** Stops the whole series: no further runs, held and waiting runs are cancelled. */
export async function cancelPost(tx: Tx, merchantId: string, id: string, now: Date) {
  const post = await lockPost(tx, merchantId, id);
  if (post.status === "cancelled") return;
  await tx
    .update(contentPosts)
    .set({ status: "cancelled", nextAt: null, updatedAt: now })
    .where(and(eq(contentPosts.merchantId, merchantId), eq(contentPosts.id, id)));
  await tx.execute(sql`update content_occurrences set status = 'cancelled', hold_reason = null, updated_at = ${now}
    where merchant_id = ${merchantId} and post_id = ${id} and status in ('scheduled', 'held')`);
}

/**
 * Cancels one run, written or still to come. A future run gets its row now (cancelled), so the job
 * finds the (post, time) slot taken and skips it.
 */
export async function cancelOccurrence(tx: Tx, merchantId: string, postId: string, at: Date, now: Date) {
  const post = await lockPost(tx, merchantId, postId);
  const [existing] = await tx
    .select({ status: contentOccurrences.status })
    .from(contentOccurrences)
    .where(
      and(
        eq(contentOccurrences.merchantId, merchantId),
        eq(contentOccurrences.postId, postId),
        eq(contentOccurrences.scheduledAt, at),
      ),
    );
  if (existing) {
    if (existing.status === "cancelled") return;
    if (existing.status !== "scheduled" && existing.status !== "held") {
      throw new AppError("conflict", `This run is already ${existing.status}`);
    }
    await tx.execute(sql`update content_occurrences set status = 'cancelled', hold_reason = null, updated_at = ${now}
      where merchant_id = ${merchantId} and post_id = ${postId} and scheduled_at = ${at}`);
    return;
  }
  const timeZone = await shopTimeZone(tx, merchantId);
  const isRun = runsBetween(ruleOf(post), timeZone, at.getTime(), at.getTime() + 1).length === 1;
  if (!isRun || post.status !== "active" || !post.nextAt || at < post.nextAt) {
    throw invalid("body.scheduledAt", "is not an upcoming run of this post");
  }
  await tx.insert(contentOccurrences).values({
    merchantId,
    postId,
    scheduledAt: at,
    dueAt: at,
    status: "cancelled",
    updatedAt: now,
  });
}

type PostViewRow = ContentPostRow & { communityName: string; platform: string; slug: string | null };

async function selectPosts(
  tx: Tx,
  merchantId: string,
  where: ReturnType<typeof sql>,
): Promise<PostViewRow[]> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`select p.id from content_posts p where p.merchant_id = ${merchantId} and ${where}
      order by p.created_at desc, p.id limit 1000`),
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const posts = await tx
    .select()
    .from(contentPosts)
    .where(
      and(
        eq(contentPosts.merchantId, merchantId),
        sql`${contentPosts.id} = any(${`{${ids.join(",")}}`}::uuid[])`,
      ),
    )
    .orderBy(asc(contentPosts.createdAt));
  const extra = rowsOf<{ id: string; name: string; platform: string; slug: string | null }>(
    await tx.execute(sql`select p.id, c.name, c.platform, l.slug from content_posts p
      join communities c on c.merchant_id = p.merchant_id and c.id = p.community_id
      left join short_links l on l.merchant_id = p.merchant_id and l.id = p.short_link_id
      where p.merchant_id = ${merchantId} and p.id = any(${`{${ids.join(",")}}`}::uuid[])`),
  );
  const byId = new Map(extra.map((e) => [e.id, e]));
  const order = new Map(ids.map((id, i) => [id, i]));
  return posts
    .map((p) => {
      const e = byId.get(p.id);
      return { ...p, communityName: e?.name ?? "", platform: e?.platform ?? "", slug: e?.slug ?? null };
    })
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

function postView(p: PostViewRow): Post {
  return {
    id: p.id,
    communityId: p.communityId,
    communityName: p.communityName,
    platform: p.platform,
    templateId: p.templateId,
    title: p.title,
    body: p.body,
    imageUrl: p.imageUrl,
    linkUrl: p.linkUrl,
    shortPath: p.slug ? `/s/${p.slug}` : null,
    card: p.card,
    promotional: p.promotional,
    schedule: ruleOf(p),
    status: p.status,
    nextAt: p.nextAt,
    createdAt: p.createdAt,
  };
}

export async function getPost(tx: Tx, merchantId: string, id: string): Promise<Post> {
  const [row] = await selectPosts(tx, merchantId, sql`p.id = ${id}`);
  if (!row) throw notFound("Post");
  return postView(row);
}

export async function listPosts(
  tx: Tx,
  merchantId: string,
  filter: { communityId?: string; status?: string },
): Promise<Post[]> {
  const rows = await selectPosts(
    tx,
    merchantId,
    sql`(${filter.communityId ?? null}::uuid is null or p.community_id = ${filter.communityId ?? null}::uuid)
      and (${filter.status ?? null}::text is null or p.status = ${filter.status ?? null}::text)`,
  );
  return rows.map(postView);
}

type StoredRow = {
  id: string;
  post_id: string;
  scheduled_at: Date | string;
  due_at: Date | string;
  status: string;
  hold_reason: "quiet_hours" | "community_cap" | null;
  failure: string | null;
  posted_at: Date | string | null;
  task_id: string | null;
  task_status: "open" | "done" | null;
};

const maxRangeMs = 62 * 86_400_000;

/**
 * The calendar: every run between `from` and `to`, the ones already written (with their status)
 * and the ones the schedules will still make (status scheduled, no id).
 */
export async function listOccurrences(
  tx: Tx,
  merchantId: string,
  query: { from: Date; to: Date; communityId?: string },
): Promise<Occurrence[]> {
  if (query.to <= query.from) throw invalid("querystring.to", "must be after from");
  if (query.to.getTime() - query.from.getTime() > maxRangeMs)
    throw invalid("querystring.to", "at most 62 days");
  const posts = await selectPosts(
    tx,
    merchantId,
    sql`(${query.communityId ?? null}::uuid is null or p.community_id = ${query.communityId ?? null}::uuid)`,
  );
  if (posts.length === 0) return [];
  const byId = new Map(posts.map((p) => [p.id, p]));
  const stored = rowsOf<StoredRow>(
    await tx.execute(sql`select o.id, o.post_id, o.scheduled_at, o.due_at, o.status, o.hold_reason, o.failure,
        o.posted_at, o.task_id, t.status as task_status
      from content_occurrences o
      left join staff_tasks t on t.merchant_id = o.merchant_id and t.id = o.task_id
      where o.merchant_id = ${merchantId}
        and o.post_id = any(${`{${posts.map((p) => p.id).join(",")}}`}::uuid[])
        and o.scheduled_at >= ${query.from} and o.scheduled_at < ${query.to}`),
  );
  const out: Occurrence[] = [];
  const taken = new Set<string>();
  for (const r of stored) {
    const post = byId.get(r.post_id);
    if (!post) continue;
    const scheduledAt = new Date(r.scheduled_at);
    taken.add(`${r.post_id}|${scheduledAt.getTime()}`);
    const status =
      r.status === "task"
        ? r.task_status === "done"
          ? "task_done"
          : "task_open"
        : (r.status as Occurrence["status"]);
    out.push({
      id: r.id,
      postId: post.id,
      communityId: post.communityId,
      communityName: post.communityName,
      platform: post.platform,
      title: post.title,
      promotional: post.promotional,
      scheduledAt,
      status,
      holdReason: r.hold_reason,
      movedTo: r.status === "held" ? new Date(r.due_at) : null,
      failure: r.failure,
      postedAt: r.posted_at ? new Date(r.posted_at) : null,
      taskId: r.task_id,
    });
  }
  const timeZone = await shopTimeZone(tx, merchantId);
  for (const post of posts) {
    if (post.status !== "active" || !post.nextAt) continue;
    const from = Math.max(query.from.getTime(), post.nextAt.getTime());
    for (const at of runsBetween(ruleOf(post), timeZone, from, query.to.getTime(), 500)) {
      if (taken.has(`${post.id}|${at}`)) continue;
      out.push({
        id: null,
        postId: post.id,
        communityId: post.communityId,
        communityName: post.communityName,
        platform: post.platform,
        title: post.title,
        promotional: post.promotional,
        scheduledAt: new Date(at),
        status: "scheduled",
        holdReason: null,
        movedTo: null,
        failure: null,
        postedAt: null,
        taskId: null,
      });
    }
  }
  return out.sort(
    (a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.postId.localeCompare(b.postId),
  );
}
