import { and, asc, eq, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { recordEvents } from "../events/record-events.js";
import { communityColumns, communityOf } from "./communities.js";
import { type CommunityPlatform, communities } from "./tables.js";

export const maxQrBytes = 2 * 1024 * 1024;
const dayMs = 24 * 60 * 60 * 1000;

type QrType = "image/png" | "image/jpeg" | "image/webp";

/** The image type from its first bytes; the declared type of an upload is not trusted. */
export function detectImageType(bytes: Uint8Array): QrType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP")
    return "image/webp";
  return null;
}

/** WeChat and WeCom group codes stop working 7 days after they were made; others keep no expiry. */
export function defaultQrExpiry(platform: CommunityPlatform, uploadedAt: Date): Date | null {
  return platform === "wechat" || platform === "wecom" ? new Date(uploadedAt.getTime() + 7 * dayMs) : null;
}

export async function saveJoinQr(
  tx: Tx,
  merchantId: string,
  communityId: string,
  upload: { bytes: Uint8Array; expiresAt?: Date | null },
  now: Date,
) {
  const type = detectImageType(upload.bytes);
  if (!type) {
    throw new AppError("validation_failed", "The QR image must be a PNG, JPEG or WebP picture", {
      issues: [{ path: "file", message: "not a PNG, JPEG or WebP image" }],
    });
  }
  const [current] = await tx
    .select({ platform: communities.platform })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)));
  if (!current) throw notFound("Community");
  if (current.platform === "builtin") {
    throw new AppError("unprocessable", "A built-in community has no external group QR", {
      reason: "builtin",
    });
  }
  if (upload.expiresAt && upload.expiresAt <= now) {
    throw new AppError("validation_failed", "expiresAt must be in the future", {
      issues: [{ path: "expiresAt", message: "must be in the future" }],
    });
  }
  const [row] = await tx
    .update(communities)
    .set({
      joinQrImage: upload.bytes,
      joinQrContentType: type,
      joinQrExpiresAt: upload.expiresAt ?? defaultQrExpiry(current.platform, now),
      joinQrRemindedFor: null,
      updatedAt: now,
    })
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)))
    .returning(communityColumns);
  return communityOf(row!, now);
}

export async function readJoinQr(tx: Tx, merchantId: string, communityId: string) {
  const [row] = await tx
    .select({ image: communities.joinQrImage, type: communities.joinQrContentType })
    .from(communities)
    .where(and(eq(communities.merchantId, merchantId), eq(communities.id, communityId)));
  if (!row?.image || !row.type) throw notFound("Join QR image");
  return { bytes: Buffer.from(row.image), type: row.type };
}

/** Active communities whose join QR has expired or expires within 24 hours, soonest first. */
export async function listExpiringQrs(tx: Tx, merchantId: string, now: Date) {
  const rows = await tx
    .select({
      communityId: communities.id,
      name: communities.name,
      platform: communities.platform,
      ownerStaffId: communities.ownerStaffId,
      joinQrExpiresAt: communities.joinQrExpiresAt,
    })
    .from(communities)
    .where(
      and(
        eq(communities.merchantId, merchantId),
        eq(communities.status, "active"),
        isNotNull(communities.joinQrExpiresAt),
        lte(communities.joinQrExpiresAt, new Date(now.getTime() + dayMs)),
      ),
    )
    .orderBy(asc(communities.joinQrExpiresAt));
  return rows.map((r) => ({ ...r, joinQrExpiresAt: r.joinQrExpiresAt!, expired: r.joinQrExpiresAt! <= now }));
}

/**
 * The reminder job: for every shop, each active community whose QR expires within 24 hours gets one
 * `community.qr_expiring` event per uploaded code (join_qr_reminded_for remembers which). Claimed
 * with SKIP LOCKED so two processes never remind twice. Sending it to staff is the messaging
 * module's part (next session); the console lists the same codes.
 */
export async function remindExpiringQrs(database: Database, now: Date): Promise<number> {
  return withSystem(database, async (tx) => {
    const due = await tx
      .select({
        merchantId: communities.merchantId,
        id: communities.id,
        name: communities.name,
        ownerStaffId: communities.ownerStaffId,
        expiresAt: communities.joinQrExpiresAt,
      })
      .from(communities)
      .where(
        and(
          eq(communities.status, "active"),
          isNotNull(communities.joinQrExpiresAt),
          lte(communities.joinQrExpiresAt, new Date(now.getTime() + dayMs)),
          or(
            isNull(communities.joinQrRemindedFor),
            ne(communities.joinQrRemindedFor, communities.joinQrExpiresAt),
          ),
        ),
      )
      .limit(1000)
      .for("update", { skipLocked: true });
    for (const c of due) {
      await recordEvents(tx, c.merchantId, [
        {
          customerId: null,
          type: "community.qr_expiring",
          properties: {
            communityId: c.id,
            name: c.name,
            ownerStaffId: c.ownerStaffId,
            expiresAt: c.expiresAt,
          },
          occurredAt: now,
          source: "system",
        },
      ]);
      await tx
        .update(communities)
        .set({ joinQrRemindedFor: sql`${communities.joinQrExpiresAt}` })
        .where(and(eq(communities.merchantId, c.merchantId), eq(communities.id, c.id)));
    }
    return due.length;
  });
}
