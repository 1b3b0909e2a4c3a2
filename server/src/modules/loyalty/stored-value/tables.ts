import { bigint, boolean, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const paymentMethods = ["cash", "wechat", "alipay", "card", "other"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

const amount = (name: string) => bigint(name, { mode: "number" });
const time = (name: string) => timestamp(name, { withTimezone: true });

export const topupBonusRules = pgTable(
  "topup_bonus_rules",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    minAmount: amount("min_amount").notNull(),
    bonusAmount: amount("bonus_amount").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: time("created_at").notNull().defaultNow(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const storedValueTopups = pgTable(
  "stored_value_topups",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    customerId: uuid("customer_id").notNull(),
    amount: amount("amount").notNull(),
    bonus: amount("bonus").notNull().default(0),
    paymentMethod: text("payment_method").$type<PaymentMethod>().notNull(),
    storeId: uuid("store_id"),
    reference: text("reference"),
    note: text("note"),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: text("status").$type<"completed" | "refunded">().notNull().default("completed"),
    principalEntryId: uuid("principal_entry_id").notNull(),
    bonusEntryId: uuid("bonus_entry_id"),
    refundedPrincipal: amount("refunded_principal"),
    withdrawnBonus: amount("withdrawn_bonus"),
    refundedAt: time("refunded_at"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: time("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);
