import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";

export type StaffCard = { staffId: string; onDuty: boolean; hasQrImage: boolean; qrExpiresAt: Date | null };

type CardRow = { staff_id: string; on_duty: boolean; has_qr: boolean; qr_expires_at: string | Date | null };

const cardOf = (r: CardRow): StaffCard => ({
  staffId: r.staff_id,
  onDuty: r.on_duty,
  hasQrImage: r.has_qr,
  qrExpiresAt: r.qr_expires_at ? new Date(r.qr_expires_at) : null,
});

/** A staff member's channel card; one who never set it is on duty with no QR image. */
export async function getStaffCard(tx: Tx, merchantId: string, staffId: string): Promise<StaffCard> {
  const row = rowsOf<CardRow>(
    await tx.execute(sql`select staff_id, on_duty, qr_image is not null as has_qr, qr_expires_at
      from channel_staff_cards where merchant_id = ${merchantId} and staff_id = ${staffId}`),
  )[0];
  return row ? cardOf(row) : { staffId, onDuty: true, hasQrImage: false, qrExpiresAt: null };
}

/** On or off duty: staff switch only themselves (the route passes the caller's own staff id). */
export async function setOnDuty(
  tx: Tx,
  merchantId: string,
  staffId: string,
  onDuty: boolean,
): Promise<StaffCard> {
  const row = rowsOf<CardRow>(
    await tx.execute(sql`insert into channel_staff_cards as k (merchant_id, staff_id, on_duty) values (${merchantId}, ${staffId}, ${onDuty})
      on conflict (merchant_id, staff_id) do update set on_duty = excluded.on_duty, updated_at = now()
      returning staff_id, on_duty, qr_image is not null as has_qr, qr_expires_at`),
  )[0];
  if (!row) throw new AppError("internal", "Card not saved");
  return cardOf(row);
}

export const staffQrTypes = ["image/png", "image/jpeg", "image/webp"] as const;

/** A staff member's personal QR (WeChat contact codes expire; the expiry is listed when near). */
export async function setStaffQr(
  tx: Tx,
  merchantId: string,
  staffId: string,
  input: { image: Uint8Array; contentType: (typeof staffQrTypes)[number]; expiresAt: Date | null },
): Promise<StaffCard> {
  const row = rowsOf<CardRow>(
    await tx.execute(sql`insert into channel_staff_cards as k (merchant_id, staff_id, qr_image, qr_content_type, qr_expires_at)
      values (${merchantId}, ${staffId}, ${input.image}, ${input.contentType}, ${input.expiresAt})
      on conflict (merchant_id, staff_id) do update set qr_image = excluded.qr_image,
        qr_content_type = excluded.qr_content_type, qr_expires_at = excluded.qr_expires_at, updated_at = now()
      returning staff_id, on_duty, qr_image is not null as has_qr, qr_expires_at`),
  )[0];
  if (!row) throw new AppError("internal", "Card not saved");
  return cardOf(row);
}

export async function readStaffQr(tx: Tx, merchantId: string, staffId: string) {
  const row = rowsOf<{ image: Uint8Array | null; content_type: string | null }>(
    await tx.execute(sql`select qr_image as image, qr_content_type as content_type from channel_staff_cards
      where merchant_id = ${merchantId} and staff_id = ${staffId}`),
  )[0];
  return row?.image && row.content_type ? { image: row.image, contentType: row.content_type } : null;
}
