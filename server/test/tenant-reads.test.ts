import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { readAsMerchant, withMerchant } from "../src/db/tenant.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

type NameRow = { name: string };

describeEachDatabase("reads scoped to a merchant", (use) => {
  async function shopWithCustomer(name: string) {
    const { merchant } = await createTestMerchant(use(), name);
    await withMerchant(use(), merchant.id, (tx) =>
      createCustomer(tx, merchant.id, { name }, { source: "api" }),
    );
    return merchant.id;
  }

  it("sees only the merchant's rows, even without its own filter, as connections switch shops", async () => {
    const database = use();
    const first = await shopWithCustomer("甲店顾客");
    const second = await shopWithCustomer("乙店顾客");
    for (let round = 0; round < 20; round++) {
      const merchantId = round % 3 === 0 ? first : second;
      const rows = await readAsMerchant(database, merchantId, async (tx) => {
        const result = await tx.execute(sql`select name from customers order by name`);
        return (result as unknown as { rows: NameRow[] }).rows;
      });
      expect(rows.map((r) => r.name)).toEqual([merchantId === first ? "甲店顾客" : "乙店顾客"]);
    }
  });

  it("keeps each merchant apart under parallel reads for many shops", async () => {
    const database = use();
    const shops = await Promise.all(["丙", "丁", "戊"].map((n) => shopWithCustomer(`${n}店顾客`)));
    const reads = Array.from({ length: 60 }, (_, i) => {
      const merchantId = shops[i % shops.length]!;
      return readAsMerchant(database, merchantId, async (tx) => {
        const result = await tx.execute(sql`select name from customers`);
        return { merchantId, names: (result as unknown as { rows: NameRow[] }).rows.map((r) => r.name) };
      });
    });
    for (const { merchantId, names } of await Promise.all(reads)) {
      expect(names).toEqual([`${"丙丁戊"[shops.indexOf(merchantId)]}店顾客`]);
    }
  });

  it("refuses to write", async () => {
    const database = use();
    const merchantId = await shopWithCustomer("己店顾客");
    const failure = await readAsMerchant(database, merchantId, (tx) =>
      tx.execute(sql`update customers set name = 'changed'`),
    ).catch((error: Error) => error);
    expect(String((failure as Error).cause)).toMatch(/read-only transaction/);
    const names = await readAsMerchant(database, merchantId, async (tx) => {
      const result = await tx.execute(sql`select name from customers`);
      return (result as unknown as { rows: NameRow[] }).rows.map((r) => r.name);
    });
    expect(names).toEqual(["己店顾客"]);
  });
});
