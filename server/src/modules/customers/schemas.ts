import { z } from "zod";
import { PhoneSchema } from "../../lib/phone.js";
import { CustomerMetricsSchema, CustomerRfmSchema } from "../insight/schemas.js";
import { genders, identityKinds } from "./tables.js";

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const CustomerFieldsSchema = z.strictObject({
  name: optionalText(100),
  phone: PhoneSchema.nullable().optional(),
  externalId: z.string().trim().min(1).max(100).nullable().optional(),
  email: z.string().trim().toLowerCase().email().max(200).nullable().optional(),
  gender: z.enum(genders).nullable().optional(),
  birthday: z.iso.date().nullable().optional(),
  province: optionalText(50),
  city: optionalText(50),
  district: optionalText(50),
  occupation: optionalText(100),
  sourceChannel: optionalText(100),
  note: optionalText(2000),
  attributes: z.record(z.string().max(100), z.unknown()).optional(),
});
export type CustomerFields = z.infer<typeof CustomerFieldsSchema>;

export const CustomerSchema = z.object({
  id: z.string().uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  gender: z.enum(genders).nullable(),
  birthday: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  occupation: z.string().nullable(),
  sourceChannel: z.string().nullable(),
  note: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  joinedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const IdentitySchema = z.object({
  kind: z.enum(identityKinds),
  value: z.string(),
  createdAt: z.date(),
});

export const CustomerSummarySchema = z.object({
  orderCount: z.number().int(),
  totalSpent: z.number().int(),
  refundedAmount: z.number().int(),
  firstOrderAt: z.date().nullable(),
  lastOrderAt: z.date().nullable(),
});

const insightFields = {
  metrics: CustomerMetricsSchema,
  rfm: CustomerRfmSchema.nullable().describe(
    "null until the shop's RFM has been computed with this customer",
  ),
};

/** A customer in lists: the profile with purchase metrics and RFM. */
export const CustomerListItemSchema = CustomerSchema.extend(insightFields);
export type CustomerListItem = z.infer<typeof CustomerListItemSchema>;

export const CustomerDetailSchema = CustomerSchema.extend({
  identities: z.array(IdentitySchema),
  summary: CustomerSummarySchema,
  ...insightFields,
});
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;

export const CustomerSearchSchema = z.object({
  q: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(30).optional(),
  externalId: z.string().trim().max(100).optional(),
  wechatOpenid: z.string().trim().max(100).optional(),
  wechatUnionid: z.string().trim().max(100).optional(),
});

/** Identities added directly; phone and external id change through the profile (PATCH). */
export const extraIdentityKinds = ["wechat_openid", "wechat_unionid", "email"] as const;
export const IdentityInputSchema = z.strictObject({
  kind: z.enum(extraIdentityKinds),
  value: z.string().trim().min(1).max(200),
});
