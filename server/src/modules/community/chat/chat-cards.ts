import type { z } from "zod";
import type { Tx } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { formatFen } from "../../../lib/money.js";
import { readCheckinSettings } from "../../loyalty/checkin/checkin-settings.js";
import { getTemplate } from "../../promotions/coupons/templates.js";
import { flashSaleOf, getFlashSaleRow } from "../../promotions/flash-sales/flash-sales.js";
import type { ChatCardSchema } from "./schemas.js";
import type { ChatCardRef } from "./tables.js";

export type ChatCard = z.infer<typeof ChatCardSchema>;

/** A card as it reads now, from the coupon, flash sale or check-in services' own data. */
export async function renderCard(tx: Tx, merchantId: string, ref: ChatCardRef, now: Date): Promise<ChatCard> {
  const gone: ChatCard = { kind: ref.kind, id: ref.id, title: "", subtitle: "", available: false };
  try {
    if (ref.kind === "coupon_template") {
      if (!ref.id) return gone;
      const t = await getTemplate(tx, merchantId, ref.id);
      return { ...gone, title: t.name, subtitle: t.summary, available: t.status === "active" };
    }
    if (ref.kind === "flash_sale") {
      if (!ref.id) return gone;
      const sale = flashSaleOf(await getFlashSaleRow(tx, merchantId, ref.id), now);
      return {
        ...gone,
        title: sale.name,
        subtitle: `¥${formatFen(sale.price)} (¥${formatFen(sale.originalPrice)})`,
        available: sale.status === "active" && sale.phase !== "ended",
      };
    }
    const settings = await readCheckinSettings(tx, merchantId);
    const best = Math.max(0, ...settings.rewards.map((r) => r.points));
    // The page names check-in in its own language; the subtitle is the best day's points.
    return { ...gone, title: "checkin", subtitle: `+${best}`, available: settings.enabled };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return gone;
    throw error;
  }
}

/** Refuses a card whose coupon template or flash sale does not exist (on send). */
export async function checkCardRef(tx: Tx, merchantId: string, ref: ChatCardRef, now: Date): Promise<void> {
  if (ref.kind !== "checkin" && !ref.id) {
    throw new AppError("validation_failed", "card.id is required for this card kind", {
      issues: [{ path: "body.card.id", message: "required" }],
    });
  }
  const card = await renderCard(tx, merchantId, ref, now);
  if (!card.title) throw new AppError("not_found", "The card's item was not found");
}
