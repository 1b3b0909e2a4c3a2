// The insight bench's shop: data generated in SQL with realistic skew, the five-condition rule it counts, and the
// rule tags and segments the full and incremental paths keep.
import type { Database } from "../src/db/database.js";
import { withMerchant } from "../src/db/tenant.js";
import type { RuleNode } from "../src/modules/insight/conditions/rule-types.js";
import { createSegment } from "../src/modules/segments/segment-definitions.js";
import { createTag } from "../src/modules/tags/tag-definitions.js";

const categories = ["水果", "蔬菜", "肉禽", "水产", "乳品", "粮油", "零食", "酒饮"];

/** Statements generating the shop's data; `:m` is the merchant id (a checked UUID), sizes are integers. */
export function generationSql(merchantId: string, customers: number, orders: number): string[] {
  const m = `'${merchantId}'::uuid`;
  const lines = "1 + abs(hashtext(o.j::text)) % 4";
  const price = "(300 + abs(hashtext(o.j || ':' || l)) % 9700)";
  const quantity = "(1 + abs(hashtext(l || ':' || o.j)) % 3)";
  return [
    "select setseed(0.20261130)",
    `insert into stores (merchant_id, id, code, name)
       select ${m}, md5('store' || s)::uuid, 'S' || s, '门店' || s from generate_series(1, 5) s`,
    `insert into customers (merchant_id, id, name, phone, gender, birthday, province, created_at, joined_at)
       select ${m}, md5('c' || i)::uuid, '客户' || i, '13' || lpad(i::text, 9, '0'),
              (array['male', 'female', 'female', 'unknown'])[1 + floor(random() * 4)::int],
              case when random() < 0.8 then date '1960-01-01' + floor(random() * 16000)::int end,
              (array['浙江', '上海', '江苏', '广东', '北京', '四川'])[1 + floor(random() * 6)::int],
              now() - make_interval(days => floor(random() * 730)::int),
              now() - make_interval(days => floor(random() * 730)::int)
         from generate_series(1, ${customers}) i`,
    // The first 30% of customers are regulars: 60% of orders go to them.
    `create temporary table bench_orders as
       select j, md5('o' || j)::uuid as id,
              md5('c' || (1 + floor(random() * case when random() < 0.6 then ${customers} * 0.3 else ${customers} end))::bigint)::uuid
                as customer_id,
              md5('store' || (1 + floor(random() * 5)::int))::uuid as store_id,
              now() - make_interval(secs => floor(power(random(), 1.3) * 365 * 86400)::int) as placed_at,
              random() as fate
         from generate_series(1, ${orders}) j`,
    `insert into orders (merchant_id, id, external_id, customer_id, store_id, placed_at, status, subtotal, total,
                         refunded_amount, item_count, source)
       select ${m}, o.id, 'B' || o.j, o.customer_id, o.store_id, o.placed_at,
              case when o.fate < 0.01 then 'cancelled' when o.fate < 0.04 then
                case when ${lines} = 1 then 'refunded' else 'partially_refunded' end else 'completed' end,
              t.amount, t.amount,
              case when o.fate >= 0.01 and o.fate < 0.04 then t.first_line else 0 end,
              t.items, 'import'
         from bench_orders o,
              lateral (select sum(${price} * ${quantity})::bigint as amount, sum(${quantity})::int as items,
                              (array_agg(${price} * ${quantity} order by l))[1]::bigint as first_line
                         from generate_series(1, ${lines}) l) t`,
    `insert into order_items (merchant_id, order_id, line_no, sku, name, category, quantity, unit_price, total,
                              refunded_quantity, refunded_amount)
       select ${m}, o.id, l, 'SKU' || (abs(hashtext(o.j || '#' || l)) % 400),
              '商品' || (abs(hashtext(o.j || '#' || l)) % 400),
              (array[${categories.map((c) => `'${c}'`).join(", ")}])[1 + abs(hashtext(o.j || '#' || l)) % 400 % ${categories.length}],
              ${quantity}, ${price}, ${price} * ${quantity},
              case when l = 1 and o.fate >= 0.01 and o.fate < 0.04 then ${quantity} else 0 end,
              case when l = 1 and o.fate >= 0.01 and o.fate < 0.04 then ${price} * ${quantity} else 0 end
         from bench_orders o, generate_series(1, ${lines}) l`,
    "drop table bench_orders",
    "analyze",
  ];
}

/** Five conditions of different kinds: profile, metrics, RFM, behaviour in a window. */
export const fiveConditions: RuleNode = {
  all: [
    { field: "profile.gender", op: "in", value: ["female"] },
    { field: "metrics.orderCount", op: "gte", value: 3 },
    { field: "metrics.averageOrderValue", op: "gte", value: 5000 },
    { field: "metrics.daysSinceLastOrder", op: "lte", value: 90 },
    { purchased: { category: "水果" }, count: { op: "gte", value: 2 }, within: { days: 180 } },
  ],
};

/** Three rule tags and two segments, so the full and incremental paths have rules to run. */
export async function rulesToKeep(database: Database, merchantId: string) {
  const rules: [string, RuleNode][] = [
    ["高客单", { field: "metrics.averageOrderValue", op: "gte", value: 15000 }],
    ["沉睡", { field: "metrics.daysSinceLastOrder", op: "gte", value: 60 }],
    ["爱吃水果", { purchased: { category: "水果" }, count: { op: "gte", value: 3 }, within: { days: 90 } }],
  ];
  await withMerchant(database, merchantId, async (tx) => {
    for (const [name, rule] of rules) await createTag(tx, merchantId, { name, kind: "rule", rule });
    await createSegment(tx, merchantId, {
      name: "五条件人群",
      rule: fiveConditions as Record<string, unknown>,
    });
    await createSegment(tx, merchantId, {
      name: "高价值",
      rule: { field: "rfm.class", op: "in", value: ["important_value"] },
    });
  });
}
