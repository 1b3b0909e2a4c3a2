import { z } from "zod";
import { PhoneSchema } from "../../../lib/phone.js";
import { exchangeStatuses, mallItemKinds } from "./tables.js";

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const instant = z.iso.datetime({ offset: true }).nullable().optional();

/** What a coupon item will issue once promotions exist; kept as given, checked only for shape. */
const CouponSpecSchema = z.record(z.string(), z.unknown());

const itemFields = {
  kind: z.enum(mallItemKinds),
  name: z.string().trim().min(1).max(100),
  description: optionalText(2000),
  imageUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^(https?:\/\/|\/)/, "an http(s) URL or a path on this site")
    .nullable()
    .optional(),
  pointsPrice: z.number().int().min(1).max(100_000_000),
  cashPrice: z.number().int().min(0).max(100_000_000).optional(),
  couponSpec: CouponSpecSchema.nullable().optional(),
  stock: z.number().int().min(0).max(10_000_000).nullable().optional(),
  perMemberLimit: z.number().int().min(1).max(1000).nullable().optional(),
  validFrom: instant,
  validUntil: instant,
  pickupDays: z.number().int().min(1).max(365).optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
};

export const MallItemInputSchema = z.strictObject(itemFields);
export type MallItemInput = z.infer<typeof MallItemInputSchema>;

export const MallItemChangeSchema = z.strictObject(itemFields).partial();
export type MallItemChange = z.infer<typeof MallItemChangeSchema>;

export const MallItemSchema = z.object({
  id: z.string(),
  kind: z.enum(mallItemKinds),
  name: z.string(),
  description: z.string().nullable(),
  imageUrl: z.string().nullable(),
  pointsPrice: z.number().int(),
  cashPrice: z.number().int(),
  couponSpec: CouponSpecSchema.nullable(),
  stock: z.number().int().nullable(),
  perMemberLimit: z.number().int().nullable(),
  validFrom: z.date().nullable(),
  validUntil: z.date().nullable(),
  pickupDays: z.number().int(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type MallItem = z.infer<typeof MallItemSchema>;

/** The console's row: the item with how many units are held (awaiting or picked up). */
export const AdminMallItemSchema = MallItemSchema.extend({
  exchangedUnits: z.number().int(),
  awaitingUnits: z.number().int(),
});
export type AdminMallItem = z.infer<typeof AdminMallItemSchema>;

const PersonSchema = z.object({ id: z.string().nullable(), name: z.string().nullable() });

export const ExchangeSchema = z.object({
  id: z.string(),
  code: z.string(),
  customerId: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  itemKind: z.enum(mallItemKinds),
  quantity: z.number().int(),
  points: z.number().int(),
  cashDue: z.number().int(),
  status: z.enum(exchangeStatuses),
  source: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  verifiedAt: z.date().nullable(),
  verifiedBy: PersonSchema.nullable(),
  verifiedStoreId: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  cancelledBy: PersonSchema.extend({ type: z.string() }).nullable(),
  cancelReason: z.string().nullable(),
});
export type Exchange = z.infer<typeof ExchangeSchema>;

/** Staff see who it belongs to and where it was picked up. */
export const StaffExchangeSchema = ExchangeSchema.extend({
  customer: z
    .object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() })
    .nullable(),
  verifiedStore: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  imageUrl: z.string().nullable(),
});
export type StaffExchange = z.infer<typeof StaffExchangeSchema>;

export const ExchangeListQuerySchema = z.object({
  status: z.enum(exchangeStatuses).optional(),
  code: z.string().trim().max(40).optional(),
  customerId: z.string().uuid().optional(),
  phone: PhoneSchema.optional(),
  itemId: z.string().uuid().optional(),
});
export type ExchangeFilter = z.infer<typeof ExchangeListQuerySchema>;

export const ExchangeRequestSchema = z.strictObject({
  quantity: z.number().int().min(1).max(99).default(1),
});

export const StaffExchangeRequestSchema = z.strictObject({
  customerId: z.string().uuid(),
  itemId: z.string().uuid(),
  quantity: z.number().int().min(1).max(99).default(1),
});

/** Bodies of verify and cancel are optional: a bare POST is fine. */
export const VerifyRequestSchema = z
  .strictObject({ storeId: z.string().uuid().nullable().optional() })
  .optional();

export const CancelRequestSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(200).optional() })
  .optional();

/** Codes are shown grouped ("1234 5678 9012"); staff may type them with spaces or dashes. */
export const CodeParamsSchema = z.object({
  code: z
    .string()
    .transform((c) => c.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{12}$/, "the 12 digits of the pickup code")),
});

export const MemberMallItemSchema = MallItemSchema.omit({
  couponSpec: true,
  sortOrder: true,
  active: true,
}).extend({
  /** Units I may still exchange (null = no per-member limit). */
  myRemaining: z.number().int().nullable(),
  available: z.boolean(),
  /** Why it cannot be exchanged now: sold_out, not_started, ended, limit_reached. */
  unavailableReason: z.enum(["sold_out", "not_started", "ended", "limit_reached"]).nullable(),
});
export type MemberMallItem = z.infer<typeof MemberMallItemSchema>;

export const MemberMallSchema = z.object({
  balance: z.object({ balance: z.number().int(), available: z.number().int(), pending: z.number().int() }),
  items: z.array(MemberMallItemSchema),
});
