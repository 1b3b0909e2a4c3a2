import { z } from "zod";
import { PhoneSchema } from "../../lib/phone.js";
import { orderStatuses } from "./tables.js";

const Money = z.number().int().min(0).max(100_000_000_000);
const Name = z.string().trim().min(1).max(100);

export const OrderItemInputSchema = z.strictObject({
  sku: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: Money,
  discount: Money.optional(),
});

export const CustomerRefSchema = z.union([
  z.strictObject({ id: z.string().uuid() }),
  z.strictObject({
    externalId: z.string().trim().min(1).max(100),
    phone: PhoneSchema.optional(),
    name: Name.optional(),
  }),
  z.strictObject({ phone: PhoneSchema, name: Name.optional() }),
]);

export const StoreRefSchema = z.union([
  z.strictObject({ id: z.string().uuid() }),
  z.strictObject({ code: z.string().trim().min(1).max(50) }),
]);

export const CreateOrderSchema = z.strictObject({
  externalId: z.string().trim().min(1).max(100),
  customer: CustomerRefSchema.nullable().optional(),
  store: StoreRefSchema.nullable().optional(),
  placedAt: z.iso.datetime({ offset: true }),
  items: z.array(OrderItemInputSchema).min(1).max(500),
  discount: Money.optional(),
  total: Money.optional(),
  currency: z.string().length(3).optional(),
  note: z.string().max(2000).optional(),
  /** The coupon redemption (POST /api/v1/checkout/redeem) this order's discount came from. */
  redemptionId: z.string().uuid().optional(),
});
export type CreateOrderInput = z.infer<typeof CreateOrderSchema>;

export const RefundInputSchema = z.strictObject({
  externalId: z.string().trim().min(1).max(100).optional(),
  lines: z
    .array(z.strictObject({ lineNo: z.number().int().min(1), quantity: z.number().int().min(1) }))
    .min(1)
    .max(500)
    .optional(),
  amount: z.number().int().min(1).max(100_000_000_000).optional(),
  reason: z.string().trim().max(500).optional(),
  refundedAt: z.iso.datetime({ offset: true }).optional(),
});
export type RefundInput = z.infer<typeof RefundInputSchema>;

export const OrderItemSchema = z.object({
  lineNo: z.number().int(),
  sku: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  discount: z.number().int(),
  total: z.number().int(),
  refundedQuantity: z.number().int(),
  refundedAmount: z.number().int(),
});

export const RefundSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  amount: z.number().int(),
  reason: z.string().nullable(),
  lines: z.array(
    z.object({ lineNo: z.number().int(), quantity: z.number().int(), amount: z.number().int() }),
  ),
  refundedAt: z.date(),
});

export const OrderSchema = z.object({
  id: z.string(),
  externalId: z.string(),
  customerId: z.string().nullable(),
  customer: z
    .object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() })
    .nullable(),
  storeId: z.string().nullable(),
  store: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  placedAt: z.date(),
  status: z.enum(orderStatuses),
  currency: z.string(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  total: z.number().int(),
  refundedAmount: z.number().int(),
  itemCount: z.number().int(),
  source: z.string(),
  note: z.string().nullable(),
  createdAt: z.date(),
  items: z.array(OrderItemSchema),
  refunds: z.array(RefundSchema),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderListQuerySchema = z.object({
  customerId: z.string().uuid().optional(),
  storeId: z.string().uuid().optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  q: z.string().trim().max(100).optional(),
  status: z.enum(orderStatuses).optional(),
});
