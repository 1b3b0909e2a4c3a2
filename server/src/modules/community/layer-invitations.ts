import { and, asc, desc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant, withSystem } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { decodeCursor, toPage } from "../../lib/pagination.js";
import { events } from "../events/tables.js";
import { sendInvitationMessage } from "./community-messages.js";
import { joinCommunity } from "./join-community.js";
import { acceptOpenInvitations } from "./open-invitations.js";
import {
  communityEventCursors,
  communityInvitations,
  communityLayerMappings,
  type InvitationStatus,
} from "./operations-tables.js";
import { communities, communityMembers } from "./tables.js";

export async function listLayerMappings(tx: Tx, merchantId: string) {
  return tx
    .select({ layerId: communityLayerMappings.layerId, communityId: communityLayerMappings.communityId })
    .from(communityLayerMappings)
    .where(eq(communityLayerMappings.merchantId, merchantId))
    .orderBy(asc(communityLayerMappings.createdAt));
}

/** Replaces the layer → community map (one community per layer; a community may serve several layers). */
export async function saveLayerMappings(
  tx: Tx,
  merchantId: string,
  mappings: { layerId: string; communityId: string }[],
) {
  const layerIds = mappings.map((m) => m.layerId);
  if (new Set(layerIds).size !== layerIds.length) {
    throw new AppError("validation_failed", "A layer maps to one community", {
      issues: [{ path: "body.data", message: "a layer appears twice" }],
    });
  }
  const communityIds = [...new Set(mappings.map((m) => m.communityId))];
  if (communityIds.length > 0) {
    const found = await tx
      .select({ id: communities.id })
      .from(communities)
      .where(and(eq(communities.merchantId, merchantId), inArray(communities.id, communityIds)));
    if (found.length !== communityIds.length) throw notFound("Community");
  }
  if (layerIds.length > 0) {
    const layers = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from layers where merchant_id = ${merchantId}
        and id in (${sql.join(
          layerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`),
    );
    if (layers.length !== layerIds.length) throw notFound("Layer");
  }
  await tx.delete(communityLayerMappings).where(eq(communityLayerMappings.merchantId, merchantId));
  if (mappings.length > 0) {
    await tx.insert(communityLayerMappings).values(mappings.map((m) => ({ merchantId, ...m })));
  }
  return listLayerMappings(tx, merchantId);
}

const cursorName = "layer.moved";
// Event ids come from one sequence but commit out of order; reading only events older than this
// keeps a slow transaction's lower id from landing behind the cursor.
const settleMs = 30_000;
const batchSize = 500;

/**
 * Turns one merchant's new `layer.moved` events into invitations to the community mapped to the
 * layer the customer arrived in (unless they are in it or already invited). The cursor row is
 * claimed with SKIP LOCKED, so two processes never read the same batch.
 */
export async function inviteMovedCustomers(tx: Tx, merchantId: string, now: Date): Promise<number | null> {
  await tx.insert(communityEventCursors).values({ merchantId, name: cursorName }).onConflictDoNothing();
  const [cursor] = await tx
    .select({ lastEventId: communityEventCursors.lastEventId })
    .from(communityEventCursors)
    .where(and(eq(communityEventCursors.merchantId, merchantId), eq(communityEventCursors.name, cursorName)))
    .for("update", { skipLocked: true });
  if (!cursor) return null;
  const moves = await tx
    .select({ id: events.id, customerId: events.customerId, properties: events.properties })
    .from(events)
    .where(
      and(
        eq(events.merchantId, merchantId),
        eq(events.type, "layer.moved"),
        gt(events.id, cursor.lastEventId),
        lt(events.createdAt, new Date(now.getTime() - settleMs)),
      ),
    )
    .orderBy(asc(events.id))
    .limit(batchSize);
  if (moves.length === 0) return 0;
  const mapping = new Map((await listLayerMappings(tx, merchantId)).map((m) => [m.layerId, m.communityId]));
  let invited = 0;
  for (const move of moves) {
    const toLayerId = move.properties.toLayerId;
    const communityId = typeof toLayerId === "string" ? mapping.get(toLayerId) : undefined;
    if (!communityId || !move.customerId) continue;
    invited += await inviteCustomer(tx, merchantId, {
      communityId,
      customerId: move.customerId,
      reason: `layer:${toLayerId}`,
      eventId: move.id,
      now,
    });
  }
  await tx
    .update(communityEventCursors)
    .set({ lastEventId: moves.at(-1)!.id, updatedAt: now })
    .where(and(eq(communityEventCursors.merchantId, merchantId), eq(communityEventCursors.name, cursorName)));
  return invited;
}

/**
 * One open invitation per customer and community; none for a customer already in. A new
 * invitation is also sent to the customer's inbox (promotional, under the guard).
 */
export async function inviteCustomer(
  tx: Tx,
  merchantId: string,
  input: { communityId: string; customerId: string; reason: string; eventId?: number | null; now: Date },
): Promise<number> {
  const [member] = await tx
    .select({ status: communityMembers.status })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, input.communityId),
        eq(communityMembers.customerId, input.customerId),
      ),
    );
  if (member?.status === "joined" || member?.status === "removed") return 0;
  const rows = await tx
    .insert(communityInvitations)
    .values({
      merchantId,
      communityId: input.communityId,
      customerId: input.customerId,
      status: "pending",
      reason: input.reason,
      eventId: input.eventId ?? null,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ id: communityInvitations.id });
  const invitation = rows[0];
  if (!invitation) return 0;
  const [community] = await tx
    .select({ name: communities.name })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, input.communityId)));
  await sendInvitationMessage(tx, merchantId, {
    invitationId: invitation.id,
    communityId: input.communityId,
    communityName: community?.name ?? "",
    customerId: input.customerId,
    now: input.now,
  });
  return 1;
}

/** The job body: every merchant with a layer map, each in its own transaction. */
export async function runLayerInvitations(database: Database, now: Date) {
  const merchants = await withSystem(database, (tx) =>
    tx.selectDistinct({ merchantId: communityLayerMappings.merchantId }).from(communityLayerMappings),
  );
  let invited = 0;
  for (const { merchantId } of merchants) {
    // Drain the backlog in batches; stop when a batch is empty or another process holds the cursor.
    for (let round = 0; round < 100; round++) {
      const n = await withMerchant(database, merchantId, (tx) => inviteMovedCustomers(tx, merchantId, now));
      if (n === null) break;
      invited += n;
      if (n === 0) {
        const more = await withMerchant(database, merchantId, (tx) => hasUnreadMoves(tx, merchantId, now));
        if (!more) break;
      }
    }
  }
  return { merchants: merchants.length, invited };
}

async function hasUnreadMoves(tx: Tx, merchantId: string, now: Date) {
  const rows = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from events e
      where e.merchant_id = ${merchantId} and e.type = 'layer.moved'
        and e.created_at < ${new Date(now.getTime() - settleMs).toISOString()}::timestamptz
        and e.id > coalesce((select last_event_id from community_event_cursors c
          where c.merchant_id = ${merchantId} and c.name = ${cursorName}), 0)
      limit 1`),
  );
  return (rows[0]?.n ?? 0) > 0;
}

const invitationColumns = {
  id: communityInvitations.id,
  communityId: communityInvitations.communityId,
  communityName: communities.name,
  customerId: communityInvitations.customerId,
  status: communityInvitations.status,
  reason: communityInvitations.reason,
  createdAt: communityInvitations.createdAt,
  respondedAt: communityInvitations.respondedAt,
};

export async function listInvitations(
  tx: Tx,
  merchantId: string,
  query: {
    limit: number;
    cursor?: string;
    status?: InvitationStatus;
    communityId?: string;
    customerId?: string;
  },
) {
  const after = decodeCursor(query.cursor);
  const rows = await tx
    .select(invitationColumns)
    .from(communityInvitations)
    .innerJoin(
      communities,
      and(
        eq(communities.merchantId, communityInvitations.merchantId),
        eq(communities.id, communityInvitations.communityId),
      ),
    )
    .where(
      and(
        eq(communityInvitations.merchantId, merchantId),
        query.status ? eq(communityInvitations.status, query.status) : undefined,
        query.communityId ? eq(communityInvitations.communityId, query.communityId) : undefined,
        query.customerId ? eq(communityInvitations.customerId, query.customerId) : undefined,
        after
          ? sql`(${communityInvitations.createdAt}, ${communityInvitations.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(communityInvitations.createdAt), desc(communityInvitations.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
}

async function lockPendingInvitation(tx: Tx, merchantId: string, customerId: string, id: string) {
  const [row] = await tx
    .select({ communityId: communityInvitations.communityId, status: communityInvitations.status })
    .from(communityInvitations)
    .where(
      and(
        eq(communityInvitations.merchantId, merchantId),
        eq(communityInvitations.id, id),
        eq(communityInvitations.customerId, customerId),
      ),
    )
    .for("update");
  if (!row) throw notFound("Invitation");
  if (row.status !== "pending") throw new AppError("already_done", `This invitation was ${row.status}`);
  return row;
}

/** The member takes up an invitation: they join (rules accepted on the way when given) and it is accepted. */
export async function acceptInvitation(
  tx: Tx,
  merchantId: string,
  input: { customerId: string; invitationId: string; rulesAccepted?: boolean; now: Date },
) {
  const invitation = await lockPendingInvitation(tx, merchantId, input.customerId, input.invitationId);
  const outcome = await joinCommunity(tx, merchantId, {
    communityId: invitation.communityId,
    customerId: input.customerId,
    source: `invitation:${input.invitationId}`,
    rulesAccepted: input.rulesAccepted,
    now: input.now,
  });
  await acceptOpenInvitations(tx, merchantId, invitation.communityId, input.customerId, input.now);
  return outcome;
}

export async function dismissInvitation(
  tx: Tx,
  merchantId: string,
  input: { customerId: string; invitationId: string; now: Date },
) {
  await lockPendingInvitation(tx, merchantId, input.customerId, input.invitationId);
  await tx
    .update(communityInvitations)
    .set({ status: "dismissed", respondedAt: input.now })
    .where(
      and(eq(communityInvitations.merchantId, merchantId), eq(communityInvitations.id, input.invitationId)),
    );
}
