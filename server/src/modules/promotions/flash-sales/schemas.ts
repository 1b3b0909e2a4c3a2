import { z } from "zod";
import { PhoneSchema } from "../../../lib/phone.js";
import { AudienceSchema } from "../coupons/schemas.js";
import { flashSaleStatuses, purchaseStatuses } from "./tables.js";

const money = z.number().int().min(1).max(100_000_000);

const saleFields = {
  name: z.string().trim().min(1).max(100),
  sku: z.string().trim().min(1).max(64),
  itemName: z.string().trim().min(1).max(100),
  imageUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^(https?:\/\/|\/)/, "an http(s) URL or a path on this site")
    .nullable()
    .optional(),
  /** 分 */
  originalPrice: money,
  /** The flash price, 分; never above originalPrice. */
  price: money,
  stock: z.number().int().min(0).max(1_000_000),
  perMemberLimit: z.number().int().min(1).max(99).nullable().optional(),
  /** null = every member. */
  audience: AudienceSchema.nullable().optional(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  /** How long a purchase holds its units waiting for payment. */
  paymentMinutes: z.number().int().min(1).max(1440).optional(),
  status: z.enum(flashSaleStatuses).optional(),
};

export const FlashSaleInputSchema = z.strictObject(saleFields);
export type FlashSaleInput = z.infer<typeof FlashSaleInputSchema>;

export const FlashSaleChangeSchema = z.strictObject(saleFields).partial();
export type FlashSaleChange = z.infer<typeof FlashSaleChangeSchema>;

export const salePhases = ["upcoming", "running", "ended"] as const;
export type SalePhase = (typeof salePhases)[number];

export const FlashSaleSchema = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string(),
  itemName: z.string(),
  imageUrl: z.string().nullable(),
  originalPrice: z.number().int(),
  price: z.number().int(),
  stock: z.number().int(),
  sold: z.number().int(),
  held: z.number().int(),
  /** stock − sold − held: what a buyer can still take. */
  left: z.number().int(),
  perMemberLimit: z.number().int().nullable(),
  audience: AudienceSchema.nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  paymentMinutes: z.number().int(),
  status: z.enum(flashSaleStatuses),
  phase: z.enum(salePhases),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type FlashSale = z.infer<typeof FlashSaleSchema>;

export const FlashSaleListSchema = z.object({ now: z.date(), data: z.array(FlashSaleSchema) });

export const BuyRequestSchema = z.strictObject({ quantity: z.number().int().min(1).max(99).default(1) });

const PersonSchema = z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() });

export const PurchaseSchema = z.object({
  id: z.string(),
  saleId: z.string(),
  customerId: z.string(),
  /** 12 random digits the member shows to pay or pick up. */
  code: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  amount: z.number().int(),
  status: z.enum(purchaseStatuses),
  holdUntil: z.date(),
  createdAt: z.date(),
  confirmedAt: z.date().nullable(),
  releasedAt: z.date().nullable(),
  releaseReason: z.enum(["cancelled", "expired"]).nullable(),
  settledBy: PersonSchema.nullable(),
});
export type Purchase = z.infer<typeof PurchaseSchema>;

/** A member's purchase with what it was for, and the server's clock for the payment countdown. */
export const MemberPurchaseSchema = PurchaseSchema.extend({
  saleName: z.string(),
  itemName: z.string(),
  imageUrl: z.string().nullable(),
});
export type MemberPurchase = z.infer<typeof MemberPurchaseSchema>;

export const MemberPurchaseListSchema = z.object({ now: z.date(), data: z.array(MemberPurchaseSchema) });

export const StaffPurchaseSchema = MemberPurchaseSchema.extend({
  customer: z
    .object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() })
    .nullable(),
});
export type StaffPurchase = z.infer<typeof StaffPurchaseSchema>;

export const PurchaseListQuerySchema = z.object({
  saleId: z.string().uuid().optional(),
  status: z.enum(purchaseStatuses).optional(),
  code: z
    .string()
    .transform((c) => c.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{1,12}$/, "digits of the purchase code"))
    .optional(),
  phone: PhoneSchema.optional(),
});
export type PurchaseFilter = z.infer<typeof PurchaseListQuerySchema>;

export const unavailableReasons = [
  "paused",
  "not_started",
  "ended",
  "sold_out",
  "limit_reached",
  "not_in_audience",
] as const;
export type UnavailableReason = (typeof unavailableReasons)[number];

export const MemberFlashSaleSchema = FlashSaleSchema.omit({
  sold: true,
  held: true,
  audience: true,
  status: true,
  createdAt: true,
  updatedAt: true,
}).extend({
  /** Units I hold or bought. */
  myUnits: z.number().int(),
  /** Units I may still buy (null = no per-member limit). */
  myRemaining: z.number().int().nullable(),
  /** Why the buy button is off: sold_out, not_started, ended, limit_reached. */
  unavailableReason: z.enum(unavailableReasons).nullable(),
});
export type MemberFlashSale = z.infer<typeof MemberFlashSaleSchema>;

export const MemberFlashSaleListSchema = z.object({ now: z.date(), data: z.array(MemberFlashSaleSchema) });
