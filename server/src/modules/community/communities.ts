import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { checkAudience } from "../promotions/coupons/audience.js";
import { getTemplateRow } from "../promotions/coupons/templates.js";
import type { Community, CommunityChange, CommunityInput } from "./schemas.js";
import { communities } from "./tables.js";

export type CommunityRow = typeof communities.$inferSelect;

const dayMs = 24 * 60 * 60 * 1000;

export function joinQrStateOf(expiresAt: Date | null, hasImage: boolean, now: Date) {
  if (!hasImage) return "none" as const;
  if (!expiresAt) return "ok" as const;
  if (expiresAt <= now) return "expired" as const;
  return expiresAt.getTime() - now.getTime() <= dayMs ? ("expiring" as const) : ("ok" as const);
}

/** The columns a view needs: everything but the QR image bytes. */
export const communityColumns = {
  merchantId: communities.merchantId,
  id: communities.id,
  name: communities.name,
  purpose: communities.purpose,
  platform: communities.platform,
  audience: communities.audience,
  capacity: communities.capacity,
  memberCount: communities.memberCount,
  ownerStaffId: communities.ownerStaffId,
  joinUrl: communities.joinUrl,
  hasJoinQr: sql<boolean>`${communities.joinQrContentType} is not null`,
  joinQrExpiresAt: communities.joinQrExpiresAt,
  rules: communities.rules,
  welcomeMessage: communities.welcomeMessage,
  welcomePoints: communities.welcomePoints,
  welcomeCouponTemplateId: communities.welcomeCouponTemplateId,
  monthlyGmvTarget: communities.monthlyGmvTarget,
  status: communities.status,
  createdAt: communities.createdAt,
  updatedAt: communities.updatedAt,
};
export type CommunityBrief = {
  [K in keyof typeof communityColumns]: K extends "hasJoinQr"
    ? boolean
    : CommunityRow[Exclude<K, "hasJoinQr">];
};

export function communityOf(row: CommunityBrief, now: Date): Community {
  const { merchantId: _merchant, ...view } = row;
  return { ...view, joinQrState: joinQrStateOf(row.joinQrExpiresAt, row.hasJoinQr, now) };
}

const invalid = (path: string, message: string) =>
  new AppError("validation_failed", `${path} ${message}`, { issues: [{ path: `body.${path}`, message }] });

/** References to other modules' records must be this shop's (staff, coupon template, segment, layer). */
async function checkReferences(tx: Tx, merchantId: string, input: CommunityChange) {
  if (input.audience) await checkAudience(tx, merchantId, input.audience);
  if (input.welcomeCouponTemplateId) {
    await getTemplateRow(tx, merchantId, input.welcomeCouponTemplateId).catch(() => {
      throw invalid("welcomeCouponTemplateId", "is not a coupon template of this shop");
    });
  }
  if (input.ownerStaffId) {
    const rows = rowsOf<{ id: string }>(
      await tx.execute(
        sql`select id from staff where merchant_id = ${merchantId} and id = ${input.ownerStaffId}::uuid`,
      ),
    );
    if (rows.length === 0) throw invalid("ownerStaffId", "is not a staff member of this shop");
  }
}

function checkPlatform(values: { platform: string; capacity?: number | null; joinUrl?: string | null }) {
  if (values.platform === "builtin" && values.joinUrl) {
    throw invalid("joinUrl", "is for external platforms; a built-in community has its own chat");
  }
}

export async function createCommunity(tx: Tx, merchantId: string, input: CommunityInput, now: Date) {
  checkPlatform(input);
  await checkReferences(tx, merchantId, input);
  const [row] = await tx
    .insert(communities)
    .values({
      merchantId,
      name: input.name,
      purpose: input.purpose,
      platform: input.platform,
      audience: input.audience ?? null,
      capacity: input.capacity ?? null,
      ownerStaffId: input.ownerStaffId ?? null,
      joinUrl: input.joinUrl ?? null,
      rules: input.rules ?? "",
      welcomeMessage: input.welcomeMessage ?? "",
      welcomePoints: input.welcomePoints ?? null,
      welcomeCouponTemplateId: input.welcomeCouponTemplateId ?? null,
      monthlyGmvTarget: input.monthlyGmvTarget ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(communityColumns);
  return communityOf(row!, now);
}

export async function getCommunityBrief(tx: Tx, merchantId: string, id: string): Promise<CommunityBrief> {
  const [row] = await tx
    .select(communityColumns)
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, id)));
  if (!row) throw notFound("Community");
  return row;
}

export async function getCommunity(tx: Tx, merchantId: string, id: string, now: Date) {
  return communityOf(await getCommunityBrief(tx, merchantId, id), now);
}

export async function listCommunities(
  tx: Tx,
  merchantId: string,
  status: "active" | "archived" | "all",
  now: Date,
): Promise<Community[]> {
  const rows = await tx
    .select(communityColumns)
    .from(communities)
    .where(
      and(
        eq(communities.merchantId, merchantId),
        status === "all" ? undefined : eq(communities.status, status),
      ),
    )
    .orderBy(desc(communities.createdAt), desc(communities.id))
    .limit(500);
  return rows.map((r) => communityOf(r, now));
}

/**
 * Changes a community under its row lock, so a lower capacity is checked against the members it
 * has at that moment (a capacity never goes below the member count: 409 conflict).
 */
export async function updateCommunity(
  tx: Tx,
  merchantId: string,
  id: string,
  change: CommunityChange,
  now: Date,
) {
  const [current] = await tx
    .select(communityColumns)
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, id)))
    .for("update");
  if (!current) throw notFound("Community");
  const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  const next = { ...current, ...defined } as CommunityBrief;
  checkPlatform(next);
  await checkReferences(tx, merchantId, change);
  if (next.capacity !== null && next.capacity < current.memberCount) {
    throw new AppError("conflict", "Capacity cannot go below the members the community has", {
      issues: [{ path: "body.capacity", message: `at least ${current.memberCount}` }],
      memberCount: current.memberCount,
    });
  }
  const [row] = await tx
    .update(communities)
    .set({ ...defined, updatedAt: now })
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, id)))
    .returning(communityColumns);
  return communityOf(row!, now);
}
