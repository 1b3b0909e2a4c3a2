import { z } from "zod";
import { CouponSpecSchema } from "../checkin/coupon-spec.js";
import { welcomeGiftTriggers } from "./tables.js";

export const ChannelSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "letters, digits, - and _ (up to 40)");

const GiftItemSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1).max(100),
});

export const WelcomeGiftSettingsInputSchema = z
  .strictObject({
    enabled: z.boolean(),
    triggers: z.array(z.enum(welcomeGiftTriggers)).min(1).max(3),
    channels: z.array(ChannelSchema).max(50),
    points: z.number().int().min(0).max(1_000_000),
    items: z.array(GiftItemSchema).max(20),
    coupon: CouponSpecSchema.nullable(),
  })
  .superRefine((value, ctx) => {
    if (new Set(value.triggers).size !== value.triggers.length) {
      ctx.addIssue({ code: "custom", path: ["triggers"], message: "each trigger once" });
    }
    if (value.enabled && value.points === 0 && value.items.length === 0 && !value.coupon) {
      ctx.addIssue({
        code: "custom",
        path: ["points"],
        message: "an enabled gift needs points, an item or a coupon",
      });
    }
  });
export type WelcomeGiftSettingsInput = z.infer<typeof WelcomeGiftSettingsInputSchema>;

const GiftItemView = z.object({ name: z.string(), quantity: z.number().int() });

export const WelcomeGiftSettingsSchema = z.object({
  enabled: z.boolean(),
  triggers: z.array(z.enum(welcomeGiftTriggers)),
  channels: z.array(z.string()),
  points: z.number().int(),
  items: z.array(GiftItemView),
  coupon: CouponSpecSchema.nullable(),
  updatedAt: z.string().nullable(),
});
export type WelcomeGiftSettings = z.infer<typeof WelcomeGiftSettingsSchema>;

export const WelcomeGiftSchema = z.object({
  customerId: z.string(),
  trigger: z.enum(welcomeGiftTriggers),
  channel: z.string().nullable(),
  points: z.number().int(),
  items: z.array(GiftItemView),
  coupon: CouponSpecSchema.nullable(),
  ledgerEntryId: z.string().nullable(),
  grantedAt: z.string(),
});
export type WelcomeGiftView = z.infer<typeof WelcomeGiftSchema>;

export const GrantedWelcomeGiftSchema = WelcomeGiftSchema.extend({
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
});
