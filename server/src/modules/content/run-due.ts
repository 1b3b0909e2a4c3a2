import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import type { ChatActor } from "../community/chat/chat-access.js";
import type { SendMessageInput } from "../community/chat/schemas.js";
import { sendChatMessage } from "../community/chat/send-message.js";
import { communities } from "../community/tables.js";
import { createShortLink, getShortLinkRow, shortPathOf } from "../links/short-links.js";
import { checkCommunityPost, recordCommunityPost } from "../messaging/community-posts.js";
import { createStaffTask } from "../tasks/staff-tasks.js";
import { absoluteLink } from "../tasks/task-webhook.js";
import { copyImageToChat } from "./content-images.js";
import { shopTimeZone } from "./posts.js";
import { nextRun } from "./recurrence.js";
import { type ContentPostRow, contentOccurrences, contentPosts } from "./tables.js";

// A run found more than this late (the server was down) is not posted any more.
const missedAfterMs = 60 * 60_000;
const maxAttempts = 3;
const retryMs = 60_000;

/**
 * Writes every run that came due as an occurrence row (unique on post + time, so two processes
 * write each once) and moves the post to its next run. Posts are claimed with SKIP LOCKED.
 */
export async function writeDueOccurrences(database: Database, now: Date, limit = 200): Promise<number> {
  return withSystem(database, async (tx) => {
    const due = await tx
      .select()
      .from(contentPosts)
      .where(and(eq(contentPosts.status, "active"), sql`${contentPosts.nextAt} <= ${now}`))
      .orderBy(contentPosts.nextAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    const zones = new Map<string, string>();
    for (const post of due) {
      let timeZone = zones.get(post.merchantId);
      if (!timeZone) {
        timeZone = await shopTimeZone(tx, post.merchantId);
        zones.set(post.merchantId, timeZone);
      }
      let at: Date | null = post.nextAt;
      for (let i = 0; at && at <= now && i < 100; i++) {
        const missed = now.getTime() - at.getTime() > missedAfterMs;
        await tx
          .insert(contentOccurrences)
          .values({
            merchantId: post.merchantId,
            postId: post.id,
            scheduledAt: at,
            dueAt: at,
            status: missed ? "failed" : "scheduled",
            failure: missed ? "missed: the server was not running at the time" : null,
            updatedAt: now,
          })
          .onConflictDoNothing();
        const next = nextRun(post, timeZone, at.getTime() + 1);
        at = next === null ? null : new Date(next);
      }
      await tx
        .update(contentPosts)
        .set({ nextAt: at, status: at ? "active" : "finished", updatedAt: now })
        .where(and(eq(contentPosts.merchantId, post.merchantId), eq(contentPosts.id, post.id)));
    }
    return due.length;
  });
}

type DueRow = { merchant_id: string; id: string; post_id: string; attempts: number };

/**
 * Runs occurrences whose time came: the over-marketing guard may hold one (moved to its next
 * allowed time, reason kept); otherwise a built-in community gets the post in its chat and an
 * external one a staff task. Rows are claimed with SKIP LOCKED and each runs in a savepoint, so
 * one failure (a card whose coupon is gone) does not stop the others.
 */
export async function runDueOccurrences(database: Database, now: Date, limit = 100): Promise<number> {
  return withSystem(database, async (tx) => {
    const due = rowsOf<DueRow>(
      await tx.execute(sql`select merchant_id, id, post_id, attempts from content_occurrences
        where status in ('scheduled', 'held') and due_at <= ${now}
        order by due_at, id limit ${limit} for update skip locked`),
    );
    for (const row of due) {
      try {
        await tx.transaction((sp) => runOccurrence(sp, row, now));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const final = row.attempts + 1 >= maxAttempts || error instanceof AppError;
        await tx.execute(sql`update content_occurrences set attempts = attempts + 1, updated_at = ${now},
            status = ${final ? "failed" : "scheduled"}, hold_reason = null,
            failure = ${message.slice(0, 500)}, due_at = ${final ? now : new Date(now.getTime() + retryMs)}
          where merchant_id = ${row.merchant_id} and id = ${row.id}`);
      }
    }
    return due.length;
  });
}

async function runOccurrence(tx: Tx, row: DueRow, now: Date) {
  const merchantId = row.merchant_id;
  const [post] = await tx
    .select()
    .from(contentPosts)
    .where(and(eq(contentPosts.merchantId, merchantId), eq(contentPosts.id, row.post_id)))
    .for("update");
  if (!post) throw new AppError("not_found", "Post not found");
  const [community] = await tx
    .select({
      name: communities.name,
      platform: communities.platform,
      status: communities.status,
      ownerStaffId: communities.ownerStaffId,
    })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, post.communityId)));
  if (!community) throw new AppError("not_found", "Community not found");
  if (community.status !== "active") throw new AppError("conflict", "The community is archived");

  const decision = await checkCommunityPost(tx, merchantId, {
    communityId: post.communityId,
    promotional: post.promotional,
    at: now,
  });
  if (decision.action === "hold") {
    await tx
      .update(contentOccurrences)
      .set({
        status: "held",
        holdReason: decision.reason === "quiet_hours" ? "quiet_hours" : "community_cap",
        dueAt: decision.until,
        updatedAt: now,
      })
      .where(and(eq(contentOccurrences.merchantId, merchantId), eq(contentOccurrences.id, row.id)));
    return;
  }
  const link = await trackedLinkOf(tx, post);
  await recordCommunityPost(tx, merchantId, {
    communityId: post.communityId,
    promotional: post.promotional,
    at: now,
    source: `calendar:${post.id}`,
  });
  if (community.platform === "builtin") {
    const staffId = post.createdByStaffId ?? community.ownerStaffId;
    if (!staffId)
      throw new AppError("unprocessable", "No staff member to post as (set the community's owner)");
    await postToChat(tx, merchantId, post, { kind: "staff", staffId }, link, now);
    await tx
      .update(contentOccurrences)
      .set({ status: "posted", holdReason: null, postedAt: now, updatedAt: now, attempts: row.attempts + 1 })
      .where(and(eq(contentOccurrences.merchantId, merchantId), eq(contentOccurrences.id, row.id)));
    return;
  }
  const taskId = await createStaffTask(tx, merchantId, {
    kind: "calendar_post",
    source: `occurrence:${row.id}`,
    assigneeStaffId: community.ownerStaffId,
    communityId: post.communityId,
    title: `发到「${community.name}」：${post.title}`,
    body: post.body,
    imageUrl: absoluteLink(post.imageUrl),
    linkUrl: link,
    now,
  });
  await tx
    .update(contentOccurrences)
    .set({
      status: "task",
      holdReason: null,
      taskId,
      postedAt: now,
      updatedAt: now,
      attempts: row.attempts + 1,
    })
    .where(and(eq(contentOccurrences.merchantId, merchantId), eq(contentOccurrences.id, row.id)));
}

/** The post's link as a tracked short link (one per post, made on its first run). */
async function trackedLinkOf(tx: Tx, post: ContentPostRow): Promise<string | null> {
  if (!post.linkUrl) return null;
  if (post.shortLinkId) {
    const existing = await getShortLinkRow(tx, post.merchantId, post.shortLinkId);
    return absoluteLink(shortPathOf(existing.slug));
  }
  const created = await createShortLink(tx, post.merchantId, {
    title: post.title.slice(0, 100),
    target: post.linkUrl,
    utm: { source: "community", medium: "calendar", campaign: `post-${post.id.slice(0, 8)}` },
    origin: "calendar",
  });
  await tx
    .update(contentPosts)
    .set({ shortLinkId: created.id })
    .where(and(eq(contentPosts.merchantId, post.merchantId), eq(contentPosts.id, post.id)));
  return absoluteLink(shortPathOf(created.slug));
}

/** The post as chat messages: its image (an uploaded one as a chat image, an outside URL as a link), then the text with the tracked link, then the card. */
async function postToChat(
  tx: Tx,
  merchantId: string,
  post: ContentPostRow,
  actor: ChatActor,
  link: string | null,
  now: Date,
) {
  const messages: SendMessageInput[] = [];
  if (post.imageUrl) {
    const imageId = await copyImageToChat(tx, merchantId, post.communityId, actor, post.imageUrl);
    messages.push(
      imageId
        ? { kind: "image", imageId, body: "", pin: false }
        : { kind: "link", url: post.imageUrl, title: "图片 / Image", body: "", pin: false },
    );
  }
  const text = post.body || post.title;
  messages.push(
    link
      ? { kind: "link", url: link, title: post.title, body: text, pin: false }
      : { kind: "text", body: text, pin: false },
  );
  if (post.card) messages.push({ kind: "card", card: post.card, body: "", pin: false });
  for (const message of messages)
    await sendChatMessage(tx, merchantId, post.communityId, actor, message, now, "calendar");
}
