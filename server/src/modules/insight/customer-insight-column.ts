import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Tx } from "../../db/tenant.js";
import { rfmClassLabels } from "./rfm-rules.js";
import type { CustomerMetrics, CustomerRfm } from "./schemas.js";
import type { RfmClass } from "./tables.js";

type MetricsJson = {
  orderCount: number;
  totalSpent: number | string;
  refundedAmount: number | string;
  netSpent: number | string;
  averageOrderValue: number | string;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  daysSinceLastOrder: number | null;
  storesVisited: number;
  favouriteCategory: string | null;
  categories: { category: string; orderCount: number; spent: number | string }[];
};

type RfmJson = {
  recencyDays: number;
  frequency: number;
  monetary: number | string;
  r: number;
  f: number;
  m: number;
  class: RfmClass;
  asOf: string;
};

export type CustomerInsightJson = { metrics: MetricsJson | null; rfm: RfmJson | null; locale: string } | null;

export type CustomerInsight = { metrics: CustomerMetrics; rfm: CustomerRfm | null };

/**
 * A column expression other modules select beside a customer row to get its metrics (with
 * categories, most orders first) and RFM in the same query. Days since the last order are counted
 * now, in whole days of the shop's time zone; the RFM class label is in the shop's language.
 * The outer columns are bound once in \`k\`: Drizzle may render them unqualified ("id"), which inside
 * a subquery over merchants or customer_metrics would name that table's own column.
 */
export function customerInsightColumn(
  merchantId: AnyPgColumn | SQL,
  customerId: AnyPgColumn | SQL,
): SQL<CustomerInsightJson> {
  return sql<CustomerInsightJson>`(select json_build_object(
      'locale', mc.locale,
      'metrics', (select json_build_object(
          'orderCount', m.order_count, 'totalSpent', m.total_spent, 'refundedAmount', m.refunded_amount,
          'netSpent', m.net_spent, 'averageOrderValue', m.average_order_value,
          'firstOrderAt', m.first_order_at, 'lastOrderAt', m.last_order_at,
          'daysSinceLastOrder', (now() at time zone mc.time_zone)::date - (m.last_order_at at time zone mc.time_zone)::date,
          'storesVisited', m.stores_visited, 'favouriteCategory', m.favourite_category,
          'categories', coalesce((select json_agg(json_build_object('category', c.category,
                'orderCount', c.order_count, 'spent', c.spent)
                order by c.order_count desc, c.spent desc, c.category collate "C")
              from customer_category_metrics c
             where c.merchant_id = m.merchant_id and c.customer_id = m.customer_id), '[]'::json))
        from customer_metrics m where m.merchant_id = k.insight_merchant_id and m.customer_id = k.insight_customer_id),
      'rfm', (select json_build_object('recencyDays', r.recency_days, 'frequency', r.frequency,
          'monetary', r.monetary, 'r', r.r_score, 'f', r.f_score, 'm', r.m_score, 'class', r.rfm_class,
          'asOf', r.as_of)
        from customer_rfm r where r.merchant_id = k.insight_merchant_id and r.customer_id = k.insight_customer_id))
    from (select ${merchantId} as insight_merchant_id, ${customerId} as insight_customer_id) k
    join merchants mc on mc.id = k.insight_merchant_id)`;
}

const noMetrics: CustomerMetrics = {
  orderCount: 0,
  totalSpent: 0,
  refundedAmount: 0,
  netSpent: 0,
  averageOrderValue: 0,
  firstOrderAt: null,
  lastOrderAt: null,
  daysSinceLastOrder: null,
  storesVisited: 0,
  favouriteCategory: null,
  categories: [],
};

const isoOrNull = (value: string | null) => (value ? new Date(value).toISOString() : null);

export function readCustomerInsight(json: CustomerInsightJson): CustomerInsight {
  const m = json?.metrics;
  const r = json?.rfm;
  const locale = json?.locale === "en" ? "en" : "zh-CN";
  return {
    metrics: m
      ? {
          orderCount: Number(m.orderCount),
          totalSpent: Number(m.totalSpent),
          refundedAmount: Number(m.refundedAmount),
          netSpent: Number(m.netSpent),
          averageOrderValue: Number(m.averageOrderValue),
          firstOrderAt: isoOrNull(m.firstOrderAt),
          lastOrderAt: isoOrNull(m.lastOrderAt),
          daysSinceLastOrder: m.daysSinceLastOrder === null ? null : Number(m.daysSinceLastOrder),
          storesVisited: Number(m.storesVisited),
          favouriteCategory: m.favouriteCategory,
          categories: m.categories.map((c) => ({
            category: c.category,
            orderCount: Number(c.orderCount),
            spent: Number(c.spent),
          })),
        }
      : noMetrics,
    rfm: r
      ? {
          recencyDays: Number(r.recencyDays),
          frequency: Number(r.frequency),
          monetary: Number(r.monetary),
          r: Number(r.r),
          f: Number(r.f),
          m: Number(r.m),
          class: r.class,
          classLabel: rfmClassLabels[r.class][locale],
          asOf: r.asOf,
        }
      : null,
  };
}

/** One customer's metrics and RFM (zeros and null for a customer without orders). */
export async function getCustomerInsight(
  tx: Tx,
  merchantId: string,
  customerId: string,
): Promise<CustomerInsight> {
  const column = customerInsightColumn(sql`${merchantId}::uuid`, sql`${customerId}::uuid`);
  const result = await tx.execute(sql`select ${column} as insight`);
  const [row] = (result as unknown as { rows: { insight: CustomerInsightJson }[] }).rows;
  return readCustomerInsight(row?.insight ?? null);
}
