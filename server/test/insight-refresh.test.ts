import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import "../src/jobs/job-definitions.js";
import { createImportFromPath, previewFile } from "../src/modules/imports/create-import.js";
import { runImport } from "../src/modules/imports/run-import.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const csv = [
  "订单号,下单时间,手机号,姓名,商品编码,商品名称,品类,数量,单价",
  "R-1,2026-11-01 10:00:00,13900000001,甲,A1,苹果,水果,2,12.50",
  "R-1,2026-11-01 10:00:00,13900000001,甲,M7,纯牛奶,乳品,1,6.80",
  "R-2,2026-11-03 09:30:00,13900000001,甲,A1,苹果,水果,1,12.50",
  "R-3,2026-11-02 09:30:00,13900000002,乙,R3,大米,粮油,1,45.00",
].join("\n");

async function importOrders(database: Database, merchantId: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-insight-refresh-"));
  const filePath = path.join(dir, "orders.csv");
  fs.writeFileSync(filePath, csv);
  const preview = await previewFile(database, merchantId, "orders", filePath);
  const created = await createImportFromPath(database, {
    merchantId,
    kind: "orders",
    filePath,
    mapping: preview.suggestedMapping,
  });
  await runImport(database, merchantId, created.id);
  return created.id;
}

describeEachDatabase("insight after an import", (use) => {
  it("queues one full refresh per import, which gives imported customers metrics and a layer", async () => {
    const database = use();
    const { merchant } = await createTestMerchant(database);
    const importId = await importOrders(database, merchant.id);
    const queued = await database.query<{ payload: unknown }>(
      "select payload from jobs where merchant_id = $1 and name = 'insight.refresh-all' and dedupe_key like $2",
      [merchant.id, `%:import:${importId}`],
    );
    expect(queued).toHaveLength(1);
    // Nothing is known about the imported customers until the refresh runs.
    const before = await database.query("select 1 from customer_metrics where merchant_id = $1", [
      merchant.id,
    ]);
    expect(before).toHaveLength(0);

    await findJobDefinition("insight.refresh-all")!.run({
      database,
      payload: {},
      merchantId: merchant.id,
      job: {} as never,
      reportProgress: async () => {},
      log: console as never,
      signal: new AbortController().signal,
    });
    const metrics = await database.query<{ name: string; order_count: number; net_spent: number }>(
      `select c.name, m.order_count, m.net_spent from customer_metrics m
         join customers c on c.merchant_id = m.merchant_id and c.id = m.customer_id
        where m.merchant_id = $1 order by c.name`,
      [merchant.id],
    );
    expect(metrics).toEqual([
      { name: "乙", order_count: 1, net_spent: 4500 },
      { name: "甲", order_count: 2, net_spent: 4430 },
    ]);
    const placed = await database.query<{ n: number }>(
      "select count(*)::int as n from customer_layers where merchant_id = $1",
      [merchant.id],
    );
    expect(placed[0]!.n).toBe(2);
  });
});
