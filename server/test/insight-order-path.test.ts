import { expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant } from "../src/db/tenant.js";
import { reevaluateLayers } from "../src/modules/layers/evaluate-layers.js";
import { createOrder, type OrderContext } from "../src/modules/orders/create-order.js";
import { reconcileSegments } from "../src/modules/segments/reconcile-segments.js";
import { createSegment } from "../src/modules/segments/segment-definitions.js";
import { reevaluateRuleTags } from "../src/modules/tags/evaluate-rule-tags.js";
import { createTag } from "../src/modules/tags/tag-definitions.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const context: OrderContext = { source: "api", actor: { kind: "system", name: "test" } };

/**
 * A shop with a rule tag (two or more orders), a segment on order counts and, when `readsTag`, a
 * segment on the tag: with it the order's refresh must run step by step (the segment reads the tag
 * the same transaction wrote), without it tags, layers and segments run as one statement.
 */
async function shopWithOrders(database: Database, readsTag: boolean) {
  const { merchant } = await createTestMerchant(database);
  const merchantId = merchant.id;
  const tag = await withMerchant(database, merchantId, (tx) =>
    createTag(tx, merchantId, {
      name: "回头客",
      kind: "rule",
      rule: { field: "metrics.orderCount", op: "gte", value: 2 },
    }),
  );
  const segments = await withMerchant(database, merchantId, async (tx) => [
    await createSegment(tx, merchantId, {
      name: "两单以上",
      rule: { field: "metrics.orderCount", op: "gte", value: 2 },
    }),
    ...(readsTag
      ? [await createSegment(tx, merchantId, { name: "回头客人群", rule: { tag: tag.id, op: "has" } })]
      : []),
  ]);
  const day = 86_400_000;
  const order = (n: number, phone: string, daysAgo: number) =>
    createOrder(
      database,
      merchantId,
      {
        externalId: `P-${n}`,
        customer: { phone, name: phone },
        placedAt: new Date(Date.now() - daysAgo * day).toISOString(),
        items: [{ sku: "A1", name: "苹果", category: "水果", quantity: 1, unitPrice: 1000 }],
      },
      context,
    );
  await order(1, "13900000001", 3);
  await order(2, "13900000002", 50);
  await order(3, "13900000001", 1);
  await order(4, "13900000002", 40);
  await order(5, "13900000003", 2);
  const count = async (sql: string) =>
    Number((await database.query<{ n: number }>(sql, [merchantId]))[0]?.n ?? 0);
  return {
    merchantId,
    tagged: () =>
      count(`select count(*)::int as n from customer_tags where merchant_id = $1 and tag_id = '${tag.id}'`),
    members: (i: number) =>
      count(
        `select count(*)::int as n from segment_members where merchant_id = $1 and segment_id = '${segments[i]!.id}'`,
      ),
    placed: () => count("select count(*)::int as n from customer_layers where merchant_id = $1"),
  };
}

describeEachDatabase("insight refreshed inside orders", (use) => {
  for (const readsTag of [true, false]) {
    it(`keeps tags, layers and segments as a full pass would (${readsTag ? "a segment reads a tag" : "no rule reads tags"})`, async () => {
      const database = use();
      const shop = await shopWithOrders(database, readsTag);
      expect(await shop.tagged()).toBe(2);
      expect(await shop.members(0)).toBe(2);
      if (readsTag) expect(await shop.members(1)).toBe(2);
      expect(await shop.placed()).toBe(3);
      // What the orders left is what a full pass computes: it changes nothing.
      const tags = await reevaluateRuleTags(database, shop.merchantId);
      expect(tags.map((t) => [t.added, t.removed])).toEqual([[0, 0]]);
      const segments = await reconcileSegments(database, shop.merchantId);
      expect(segments.map((s) => [s.entered, s.exited])).toEqual(
        readsTag
          ? [
              [0, 0],
              [0, 0],
            ]
          : [[0, 0]],
      );
      expect(await reevaluateLayers(database, shop.merchantId)).toEqual({ moved: 0 });
    });
  }
});
