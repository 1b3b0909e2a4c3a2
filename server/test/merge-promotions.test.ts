import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { withMerchant } from "../src/db/tenant.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { mergeCustomers } from "../src/modules/customers/merge-customers.js";
import { redeemCoupons } from "../src/modules/promotions/checkout/redeem-coupons.js";
import { issueCoupons } from "../src/modules/promotions/coupons/issue-coupons.js";
import { createTemplate } from "../src/modules/promotions/coupons/templates.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const system = { kind: "system", name: "test" } as const;
const cart = [{ sku: "tea", category: "drinks", quantity: 2, unitPrice: 6000 }];

describeEachDatabase("customer merge and promotions", (use) => {
  it("moves the duplicate's coupons and redemptions to the kept customer, who can then use them", async () => {
    const database = use();
    const merchantId = (await createTestMerchant(database)).merchant.id;
    const [kept, duplicate] = await withMerchant(database, merchantId, async (tx) => [
      await createCustomer(tx, merchantId, { name: "留下" }, { source: "api" }),
      await createCustomer(tx, merchantId, { name: "重复" }, { source: "api" }),
    ]);
    const template = await withMerchant(database, merchantId, (tx) =>
      createTemplate(tx, merchantId, {
        name: "满100减10",
        rule: { kind: "amount_off", amountOff: 1000, minSpend: 10000 } as never,
        validity: { type: "days_after_issue", days: 30 },
      }),
    );
    const issue = () =>
      withMerchant(database, merchantId, (tx) =>
        issueCoupons(tx, merchantId, {
          templateId: template.id,
          customerId: duplicate!.id,
          quantity: 1,
          issueKey: `manual:${randomUUID()}`,
          source: "manual",
          actor: system,
          now: new Date(),
        }),
      );
    await issue();
    await issue();
    const context = { actor: system, source: "api", now: new Date() };
    await redeemCoupons(
      database,
      merchantId,
      { customerId: duplicate!.id, lines: cart, coupons: "best" },
      randomUUID(),
      context,
    );

    await withMerchant(database, merchantId, (tx) =>
      mergeCustomers(tx, merchantId, kept!.id, duplicate!.id, "api"),
    );

    const owners = await withMerchant(database, merchantId, async (tx) =>
      rowsOf<{ what: string; customer_id: string; n: number }>(
        await tx.execute(sql`select 'coupon' as what, customer_id, count(*)::int as n from coupons
            where merchant_id = ${merchantId} group by customer_id
          union all
          select 'redemption', customer_id, count(*)::int from coupon_redemptions
            where merchant_id = ${merchantId} group by customer_id`),
      ),
    );
    expect(owners.sort((a, b) => a.what.localeCompare(b.what))).toEqual([
      { what: "coupon", customer_id: kept!.id, n: 2 },
      { what: "redemption", customer_id: kept!.id, n: 1 },
    ]);
    // The coupon left over is the kept customer's to use now.
    const used = await redeemCoupons(
      database,
      merchantId,
      { customerId: kept!.id, lines: cart, coupons: "best" },
      randomUUID(),
      context,
    );
    expect(used.redemption.discount).toBe(1000);
  });
});
