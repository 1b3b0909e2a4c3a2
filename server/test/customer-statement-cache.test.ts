import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import { matchingCustomersSql } from "../src/modules/insight/conditions/compile-rule.js";
import {
  type CustomerScope,
  statementForCustomers,
} from "../src/modules/insight/conditions/customer-statement-cache.js";
import type { RuleNode } from "../src/modules/insight/conditions/rule-types.js";
import { createOrder, type OrderContext } from "../src/modules/orders/create-order.js";
import { evaluateRuleTags } from "../src/modules/tags/evaluate-rule-tags.js";
import { createTag } from "../src/modules/tags/tag-definitions.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const dialect = new PgDialect();
const merchantId = "6a1b2c3d-0000-4000-8000-000000000001";
const customers = [
  ["6a1b2c3d-0000-4000-8000-0000000000a1"],
  ["6a1b2c3d-0000-4000-8000-0000000000a2", "6a1b2c3d-0000-4000-8000-0000000000a3"],
  [
    "6a1b2c3d-0000-4000-8000-0000000000a4",
    "6a1b2c3d-0000-4000-8000-0000000000a5",
    "6a1b2c3d-0000-4000-8000-0000000000a6",
  ],
];
const rules: RuleNode[] = [
  { field: "metrics.daysSinceLastOrder", op: "lte", value: 90 },
  { purchased: { category: "水果" }, count: { op: "gte", value: 2 }, within: { days: 180 } },
  { purchased: { sku: "A1" }, spend: { op: "gte", value: 1000 }, within: { days: 30 } },
  { event: "member.logged_in", count: { op: "lt", value: 2 }, within: { days: 7 } },
  { field: "metrics.lastOrderAt", op: "gte", value: "2026-11-30T10:00:00.000Z" },
  { field: "profile.birthday", op: "inNextDays", value: 7 },
  { not: { tag: "6a1b2c3d-0000-4000-8000-0000000000f1", op: "has" } },
];

/** A statement shaped like the order path's: rule matches, the instant as text and as a Date. */
const buildFor = (rule: RuleNode) => (scope: CustomerScope) =>
  sql`with x as (${matchingCustomersSql(rule, { merchantId, ...scope })})
    select x.customer_id, ${scope.now.toISOString()}::timestamptz as at, ${scope.now} as at_date from x`;

const query = (statement: SQL) => dialect.sqlToQuery(statement);

describe("order-path statements built once per rule set and local day", () => {
  it("give exactly the text and values a fresh build gives, for any customers and instant", () => {
    const instants = [
      new Date("2026-11-30T10:00:00.000Z"),
      new Date("2026-11-30T10:00:00.001Z"),
      new Date("2026-11-30T15:59:59.999Z"), // 23:59:59.999 in Shanghai
      new Date("2026-11-30T16:00:00.000Z"), // the next Shanghai day
      new Date("2026-12-31T23:00:00.000Z"),
    ];
    for (const [i, rule] of rules.entries()) {
      for (const timeZone of ["Asia/Shanghai", "America/New_York"]) {
        for (const now of instants) {
          for (const customerIds of customers) {
            const scope = { timeZone, now, customerIds };
            const cached = query(statementForCustomers(`rule ${i}`, scope, buildFor(rule)));
            expect(cached, `${JSON.stringify(rule)} ${timeZone} ${now.toISOString()}`).toEqual(
              query(buildFor(rule)(scope)),
            );
            // Inside other SQL too (its parameters then follow the outer ones).
            const within = (inner: SQL) => query(sql`select ${1}::int, * from (${inner}) s`);
            expect(within(statementForCustomers(`rule ${i}`, scope, buildFor(rule)))).toEqual(
              within(buildFor(rule)(scope)),
            );
          }
        }
      }
    }
  });

  it("build every time a statement whose text depends on how many customers there are", () => {
    const build = (scope: CustomerScope) =>
      sql.join(
        scope.customerIds.map((id) => sql`select ${id}::uuid, ${scope.now.toISOString()}::timestamptz`),
        sql` union all `,
      );
    for (const customerIds of customers) {
      const scope = { timeZone: "Asia/Shanghai", now: new Date("2026-11-30T10:00:00Z"), customerIds };
      expect(query(statementForCustomers("per id", scope, build))).toEqual(query(build(scope)));
    }
  });
});

const context: OrderContext = { source: "api", actor: { kind: "system", name: "test" } };

describeEachDatabase("a rule tag kept inside orders across local days", (use) => {
  it("answers days since the last order as of each day, not the day the statement was first built", async () => {
    const database = use();
    const { merchant } = await createTestMerchant(database);
    const { order } = await createOrder(
      database,
      merchant.id,
      {
        externalId: "D-1",
        customer: { phone: "13900000001", name: "甲" },
        placedAt: "2026-11-30T10:00:00+08:00",
        items: [{ sku: "A1", name: "苹果", category: "水果", quantity: 1, unitPrice: 1000 }],
      },
      context,
    );
    const customerId = order.customerId as string;
    const rule: RuleNode = { field: "metrics.daysSinceLastOrder", op: "gte", value: 1 };
    const tag = await withMerchant(database, merchant.id, (tx) =>
      createTag(tx, merchant.id, { name: "一天没来", kind: "rule", rule }),
    );
    const evaluate = (now: string, tagRule: RuleNode = rule, ruleVersion = 1) =>
      withMerchant(database, merchant.id, async (tx) => {
        const [evaluation] = await evaluateRuleTags(
          tx,
          merchant.id,
          [{ id: tag.id, name: "一天没来", rule: tagRule, ruleVersion }],
          { timeZone: "Asia/Shanghai", now: new Date(now), customerIds: [customerId] },
        );
        return evaluation;
      });
    const tagged = async () =>
      (
        await database.query("select 1 from customer_tags where merchant_id = $1 and tag_id = $2", [
          merchant.id,
          tag.id,
        ])
      ).length === 1;
    // Creating the tag evaluated it as of the real clock; on the order's day it does not hold.
    await evaluate("2026-11-30T23:00:00+08:00");
    expect(await tagged()).toBe(false);
    expect(await evaluate("2026-12-01T00:01:00+08:00")).toMatchObject({ added: 1, removed: 0 });
    expect(await tagged()).toBe(true);
    expect(await evaluate("2026-11-30T23:59:00+08:00")).toMatchObject({ added: 0, removed: 1 });
    // A changed rule is a different statement, on the same day.
    const later: RuleNode = { field: "metrics.daysSinceLastOrder", op: "gte", value: 2 };
    expect(await evaluate("2026-12-01T00:02:00+08:00", later, 2)).toMatchObject({ added: 0, removed: 0 });
    expect(await evaluate("2026-12-02T00:02:00+08:00", later, 2)).toMatchObject({ added: 1, removed: 0 });
    expect(await tagged()).toBe(true);
  });
});
