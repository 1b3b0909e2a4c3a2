import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import type { App } from "../src/http/app-types.js";
import { type JobRunner, startJobRunner } from "../src/jobs/job-runner.js";
import "../src/jobs/job-definitions.js";
import { createImportFromPath, previewFile } from "../src/modules/imports/create-import.js";
import { RecordScanner } from "../src/modules/imports/csv-records.js";
import { readCsvPreview } from "../src/modules/imports/csv-source.js";
import { CsvSplitter } from "../src/modules/imports/csv-splitter.js";
import type { ImportKind } from "../src/modules/imports/import-fields.js";
import { runImport } from "../src/modules/imports/run-import.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function importFixture(database: Database, merchantId: string, kind: ImportKind, name: string) {
  return importFile(database, merchantId, kind, fixture(name));
}

async function importFile(database: Database, merchantId: string, kind: ImportKind, filePath: string) {
  const preview = await previewFile(database, merchantId, kind, filePath);
  const created = await createImportFromPath(database, {
    merchantId,
    kind,
    filePath,
    mapping: preview.suggestedMapping,
  });
  const summary = await runImport(database, merchantId, created.id);
  return { id: created.id, summary, preview };
}

function writeTempCsv(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-import-test-"));
  const file = path.join(dir, "orders.csv");
  fs.writeFileSync(file, content);
  return file;
}

/** Everything an order import can touch, as plain rows, to compare before and after. */
async function snapshot(database: Database, merchantId: string) {
  const q = (text: string) => database.query(text, [merchantId]);
  return {
    orders: await q(
      `select external_id, status, subtotal, discount, total, refunded_amount, item_count, source,
         placed_at, (customer_id is null) as guest from orders where merchant_id = $1 order by external_id`,
    ),
    items: await q(
      `select o.external_id, i.line_no, i.sku, i.name, i.category, i.quantity, i.unit_price, i.discount, i.total,
         i.refunded_quantity, i.refunded_amount
       from order_items i join orders o on o.merchant_id = i.merchant_id and o.id = i.order_id
       where i.merchant_id = $1 order by o.external_id, i.line_no`,
    ),
    refunds: await q(
      `select o.external_id as order_no, r.external_id, r.amount, r.lines, r.source from refunds r
       join orders o on o.merchant_id = r.merchant_id and o.id = r.order_id
       where r.merchant_id = $1 order by r.external_id`,
    ),
    customers: await q(
      `select name, phone, external_id, joined_at, source_channel from customers where merchant_id = $1 order by name`,
    ),
    identities: await q(
      `select i.kind, i.value, c.name from customer_identities i
       join customers c on c.merchant_id = i.merchant_id and c.id = i.customer_id
       where i.merchant_id = $1 order by i.kind, i.value`,
    ),
    events: await q(
      `select type, count(*)::int as n from events where merchant_id = $1 group by type order by type`,
    ),
    stores: await q(`select code, name from stores where merchant_id = $1 order by code`),
    products: await q(
      `select sku, name, category, last_unit_price from products where merchant_id = $1 order by sku`,
    ),
  };
}

describeEachDatabase("order imports", (use) => {
  let merchantId: string;
  beforeAll(async () => {
    merchantId = (await createTestMerchant(use())).merchant.id;
    await use().query("insert into stores (merchant_id, code, name) values ($1, 'NS', '南山店')", [
      merchantId,
    ]);
  });

  it("suggests a mapping from Chinese header names", async () => {
    const preview = await previewFile(use(), merchantId, "orders", fixture("orders-mixed.csv"));
    expect(preview.headers[0]).toBe("订单号");
    expect(preview.rows).toHaveLength(5);
    expect(preview.suggestedMapping).toEqual({
      订单号: "externalId",
      下单时间: "placedAt",
      会员编号: "customerExternalId",
      手机号: "customerPhone",
      会员姓名: "customerName",
      门店: "store",
      商品编码: "sku",
      商品名称: "name",
      品类: "category",
      数量: "quantity",
      单价: "unitPrice",
      状态: "status",
    });
  });

  it("imports multi-line orders, guests, returns, cancellations and reports bad rows", async () => {
    const { id, summary } = await importFixture(use(), merchantId, "orders", "orders-mixed.csv");
    expect(summary).toEqual({
      orders: 5,
      lines: 7,
      customersCreated: 3,
      refunds: 2,
      guestOrders: 1,
      skippedExisting: 0,
      errors: 3,
    });
    const state = await snapshot(use(), merchantId);
    const order = (no: string) => state.orders.find((o) => o.external_id === no);
    expect(state.orders.map((o) => o.external_id)).toEqual([
      "SO-1001",
      "SO-1002",
      "SO-1003",
      "SO-1004",
      "SO-1007",
    ]);
    expect(order("SO-1001")).toMatchObject({
      status: "completed",
      subtotal: 125950,
      discount: 0,
      total: 125950,
      item_count: 3,
      source: "import",
      guest: false,
    });
    expect(new Date(order("SO-1001")!.placed_at as string).toISOString()).toBe("2026-11-01T02:00:00.000Z");
    expect(order("SO-1002")).toMatchObject({ total: 880, guest: true });
    expect(order("SO-1003")).toMatchObject({
      status: "partially_refunded",
      total: 4950,
      refunded_amount: 1250,
    });
    expect(order("SO-1004")).toMatchObject({ status: "cancelled", total: 1760, refunded_amount: 1760 });
    // "2026年11月4日 08:00" has no zone: it is read in the shop's zone (Asia/Shanghai).
    expect(new Date(order("SO-1007")!.placed_at as string).toISOString()).toBe("2026-11-04T00:00:00.000Z");
    expect(new Date(order("SO-1004")!.placed_at as string).toISOString()).toBe("2026-11-02T16:00:00.000Z");

    expect(state.items.filter((i) => i.external_id === "SO-1001")).toEqual([
      expect.objectContaining({ line_no: 1, sku: "A1", quantity: 2, unit_price: 1250, total: 2500 }),
      expect.objectContaining({ line_no: 2, sku: "C3", quantity: 1, unit_price: 123450, total: 123450 }),
    ]);
    expect(state.items.find((i) => i.external_id === "SO-1003" && i.sku === "A1")).toMatchObject({
      quantity: 3,
      refunded_quantity: 1,
      refunded_amount: 1250,
    });
    expect(state.refunds).toEqual([
      {
        order_no: "SO-1003",
        external_id: "import:SO-1003:A1:1",
        amount: 1250,
        lines: [{ lineNo: 1, quantity: 1, amount: 1250 }],
        source: "import",
      },
      {
        order_no: "SO-1004",
        external_id: "import:SO-1004:cancel",
        amount: 1760,
        lines: [{ lineNo: 1, quantity: 2, amount: 1760 }],
        source: "import",
      },
    ]);
    expect(state.customers.map((c) => [c.name, c.phone, c.external_id])).toEqual([
      ["张三", "13800000001", "M001"],
      ["李四", "13900000002", null],
      ["王五", "13700000003", "M002"],
    ]);
    expect(new Date(state.customers[0]!.joined_at as string).toISOString()).toBe("2026-11-01T02:00:00.000Z");
    expect(state.identities).toEqual([
      { kind: "external_id", value: "M001", name: "张三" },
      { kind: "external_id", value: "M002", name: "王五" },
      { kind: "phone", value: "13700000003", name: "王五" },
      { kind: "phone", value: "13800000001", name: "张三" },
      { kind: "phone", value: "13900000002", name: "李四" },
    ]);
    expect(state.events).toEqual([
      { type: "customer.created", n: 3 },
      { type: "order.placed", n: 5 },
      { type: "order.refunded", n: 2 },
    ]);
    expect(state.stores).toEqual([
      { code: "NS", name: "南山店" },
      { code: "福田店", name: "福田店" },
    ]);
    expect(state.products).toEqual([
      { sku: "A1", name: "苹果", category: "水果", last_unit_price: 1250 },
      { sku: "B2", name: "牛奶", category: "乳品", last_unit_price: 880 },
      { sku: "C3", name: "大米", category: "粮油", last_unit_price: 123450 },
      { sku: "D4", name: "鸡蛋", category: "肉禽", last_unit_price: 120 },
      { sku: "E5", name: "猪肉", category: "肉禽", last_unit_price: 3500 },
    ]);
    const placed = await use().query(
      `select properties from events where merchant_id = $1 and type = 'order.placed'
       and properties->>'externalId' = 'SO-1001'`,
      [merchantId],
    );
    expect(placed[0]!.properties).toMatchObject({
      total: 125950,
      itemCount: 3,
      categories: ["水果", "粮油"],
    });

    const errors = await use().query<{ row_no: number; message: string; raw: Record<string, string> }>(
      "select row_no, message, raw from import_errors where merchant_id = $1 and import_id = $2 order by row_no",
      [merchantId, id],
    );
    expect(errors.map((e) => [e.row_no, e.message])).toEqual([
      [
        9,
        'Unit price "12.555" is not an amount in yuan with at most 2 decimals (order SO-1005 was not imported)',
      ],
      [10, 'Cannot read the date "2026-13-03 12:00" (order SO-1006 was not imported)'],
      [12, "Return for order SO-9999, which is neither in the file nor imported before"],
    ]);
    expect(errors[0]!.raw).toMatchObject({ 订单号: "SO-1005", 单价: "12.555" });
    const [row] = await use().query("select * from imports where id = $1", [id]);
    expect(row).toMatchObject({
      status: "succeeded",
      total_rows: 11,
      processed_rows: 11,
      created_count: 5,
      error_count: 3,
    });
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await snapshot(use(), merchantId);
    const { summary } = await importFixture(use(), merchantId, "orders", "orders-mixed.csv");
    expect(summary).toEqual({
      orders: 0,
      lines: 0,
      customersCreated: 0,
      refunds: 0,
      guestOrders: 0,
      skippedExisting: 5,
      errors: 3,
    });
    expect(await snapshot(use(), merchantId)).toEqual(before);
  });

  it("refunds returns and cancellations of orders imported earlier", async () => {
    const { summary } = await importFixture(use(), merchantId, "orders", "orders-followup.csv");
    expect(summary).toMatchObject({ orders: 0, refunds: 2, skippedExisting: 1, errors: 0 });
    const state = await snapshot(use(), merchantId);
    expect(state.orders.find((o) => o.external_id === "SO-1001")).toMatchObject({
      status: "partially_refunded",
      refunded_amount: 2500,
    });
    expect(state.orders.find((o) => o.external_id === "SO-1007")).toMatchObject({
      status: "refunded",
      refunded_amount: 3500,
    });
    expect(state.refunds.map((r) => [r.external_id, r.amount])).toEqual([
      ["import:SO-1001:A1:1", 2500],
      ["import:SO-1003:A1:1", 1250],
      ["import:SO-1004:cancel", 1760],
      ["import:SO-1007:cancel", 3500],
    ]);
    const again = await importFixture(use(), merchantId, "orders", "orders-followup.csv");
    expect(again.summary).toMatchObject({ refunds: 0, errors: 0 });
    expect(await snapshot(use(), merchantId)).toEqual(state);
  });
});

describeEachDatabase("order imports of untidy files", (use) => {
  it("reports rows with extra columns or an unclosed quote, and trims cells as the API does", async () => {
    const { merchant } = await createTestMerchant(use());
    const file = writeTempCsv(
      [
        "订单号,下单时间,商品编码,数量,单价,商品名称",
        'X-1,2026-11-01 10:00,A1,1,5,"苹果, 红富士"',
        "X-2,2026-11-01 10:00,A1,1,5,梨,多余",
        "X-3,2026-11-01 10:00,\u3000A1\u3000,2, 5 ,",
        "X-4,2026-11-01 10:00,A1,1,5",
        "",
        "X-6,2026-11-01 10:00,B2,\t3\t,1.5,鸡蛋,,",
        'X-5,2026-11-01 10:00,A1,1,5,"未闭合\nX-7,2026-11-01 10:00,A1,1,5,',
      ].join("\r\n"),
    );
    const { id, summary } = await importFile(use(), merchant.id, "orders", file);
    expect(summary).toMatchObject({ orders: 4, lines: 4, errors: 2 });
    const errors = await use().query<{ row_no: number; message: string; raw: Record<string, string> }>(
      "select row_no, message, raw from import_errors where merchant_id = $1 and import_id = $2 order by row_no",
      [merchant.id, id],
    );
    expect(errors.map((e) => [e.row_no, e.message])).toEqual([
      [3, "The row has 7 columns but the header has 6"],
      [7, "A quote opened in this row is never closed"],
    ]);
    expect(errors[0]!.raw).toMatchObject({ 订单号: "X-2", 商品名称: "梨" });
    const items = await use().query(
      `select o.external_id, i.sku, i.name, i.quantity, i.unit_price from order_items i
       join orders o on o.merchant_id = i.merchant_id and o.id = i.order_id
       where i.merchant_id = $1 order by o.external_id`,
      [merchant.id],
    );
    expect(items).toEqual([
      { external_id: "X-1", sku: "A1", name: "苹果, 红富士", quantity: 1, unit_price: 500 },
      { external_id: "X-3", sku: "A1", name: "A1", quantity: 2, unit_price: 500 },
      { external_id: "X-4", sku: "A1", name: "A1", quantity: 1, unit_price: 500 },
      { external_id: "X-6", sku: "B2", name: "鸡蛋", quantity: 3, unit_price: 150 },
    ]);
  });
  it("imports GBK and UTF-16 files through the same COPY path", async () => {
    const { merchant } = await createTestMerchant(use());
    const gbk = await importFixture(use(), merchant.id, "orders", "orders-gbk.csv");
    expect(gbk.summary).toMatchObject({ orders: 1, lines: 1, errors: 0 });
    const utf16 = await importFixture(use(), merchant.id, "orders", "orders-utf16.csv");
    expect(utf16.summary).toMatchObject({ orders: 1, lines: 1, errors: 0 });
    const items = await use().query(
      `select o.external_id, i.name, i.quantity, i.unit_price from order_items i
       join orders o on o.merchant_id = i.merchant_id and o.id = i.order_id
       where i.merchant_id = $1 order by o.external_id`,
      [merchant.id],
    );
    expect(items).toEqual([
      { external_id: "G-1", name: "苹果", quantity: 2, unit_price: 1250 },
      { external_id: "T-1", name: "A1", quantity: 1, unit_price: 300 },
    ]);
  });
});

describeEachDatabase("customer imports", (use) => {
  it("upserts customers by identity and reports bad rows", async () => {
    const { merchant } = await createTestMerchant(use());
    await importFixture(use(), merchant.id, "orders", "orders-mixed.csv");
    const { id, summary, preview } = await importFixture(use(), merchant.id, "customers", "customers.csv");
    expect(preview.suggestedMapping).toMatchObject({ 会员编号: "externalId", 手机: "phone", 性别: "gender" });
    expect(summary).toEqual({ customersCreated: 2, customersUpdated: 1, unchanged: 0, errors: 2 });
    const rows = await use().query(
      `select name, phone, external_id, gender, birthday::text, email, province, city, district, occupation, note
       from customers where merchant_id = $1 and name in ('张三丰', '赵六', '钱七') order by phone`,
      [merchant.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        name: "赵六",
        external_id: "M100",
        email: "zl@example.com",
        birthday: "1988-01-02",
      }),
      {
        name: "钱七",
        phone: "13600000101",
        external_id: null,
        gender: "female",
        birthday: null,
        email: null,
        province: null,
        city: null,
        district: null,
        occupation: null,
        note: null,
      },
      expect.objectContaining({ name: "张三丰", external_id: "M001", gender: "male", occupation: "教师" }),
    ]);
    const errors = await use().query<{ row_no: number; message: string }>(
      "select row_no, message from import_errors where merchant_id = $1 and import_id = $2 order by row_no",
      [merchant.id, id],
    );
    expect(errors).toEqual([
      { row_no: 5, message: 'Gender "不详" is not 男/女/male/female' },
      { row_no: 6, message: "Neither a member number nor a phone" },
    ]);
    const again = await importFixture(use(), merchant.id, "customers", "customers.csv");
    expect(again.summary).toEqual({ customersCreated: 0, customersUpdated: 0, unchanged: 3, errors: 2 });
  });
});

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = `----quanzi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

describeEachDatabase("imports over HTTP", (use) => {
  let app: App;
  let runner: JobRunner;
  beforeAll(async () => {
    app = await buildTestApp(use());
    runner = startJobRunner(use(), { pollIntervalMs: 25 });
  });
  afterAll(async () => {
    await runner.stop();
    await app.close();
  });

  it("uploads, maps, runs on the job runner and reports errors, to its merchant only", async () => {
    const shop = await createTestMerchant(use());
    const other = await createTestMerchant(use());
    const auth = bearer(shop.apiKey);
    const content = fs.readFileSync(fixture("orders-mixed.csv"));
    const form = multipart({ kind: "orders" }, { name: "orders.csv", content });
    const uploaded = await app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: { ...auth, ...form.headers },
      payload: form.payload,
    });
    expect(uploaded.statusCode).toBe(201);
    const { import: created, preview } = uploaded.json();
    expect(created).toMatchObject({
      kind: "orders",
      fileName: "orders.csv",
      status: "uploaded",
      jobId: null,
    });
    expect(preview.rows[0]).toEqual([
      "SO-1001",
      "2026-11-01 10:00",
      "M001",
      "138 0000 0001",
      "张三",
      "南山店",
      "A1",
      "苹果",
      "水果",
      "2",
      "12.5",
      "",
    ]);
    expect(preview.fields).toContain("unitPrice");
    const [stored] = await use().query<{ file_sha256: string; file_path: string }>(
      "select file_sha256, file_path from imports where id = $1",
      [created.id],
    );
    expect(stored!.file_sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(fs.readFileSync(stored!.file_path).equals(content)).toBe(true);

    const { 单价: _price, ...withoutPrice } = preview.suggestedMapping as Record<string, string>;
    const incomplete = await app.inject({
      method: "POST",
      url: `/api/v1/imports/${created.id}/start`,
      headers: auth,
      payload: { mapping: withoutPrice },
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({
      code: "validation_failed",
      details: { missing: ["unitPrice"] },
    });

    const foreignStart = await app.inject({
      method: "POST",
      url: `/api/v1/imports/${created.id}/start`,
      headers: bearer(other.apiKey),
      payload: { mapping: preview.suggestedMapping },
    });
    expect(foreignStart.statusCode).toBe(404);

    const started = await app.inject({
      method: "POST",
      url: `/api/v1/imports/${created.id}/start`,
      headers: auth,
      payload: { mapping: preview.suggestedMapping },
    });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: "queued", jobId: expect.any(String) });

    let view: Record<string, unknown> = {};
    for (let i = 0; i < 500 && view.status !== "succeeded" && view.status !== "failed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      view = (
        await app.inject({ method: "GET", url: `/api/v1/imports/${created.id}`, headers: auth })
      ).json();
    }
    expect(view).toMatchObject({
      status: "succeeded",
      totalRows: 11,
      processedRows: 11,
      createdCount: 5,
      errorCount: 3,
      summary: { orders: 5, lines: 7, refunds: 2, guestOrders: 1, customersCreated: 3, errors: 3 },
      mapping: preview.suggestedMapping,
    });
    // The import commits its result before the runner records the job's, so the job may lag a moment.
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 500 && job.status !== "succeeded" && job.status !== "failed"; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      job = (await app.inject({ method: "GET", url: `/api/v1/jobs/${view.jobId}`, headers: auth })).json();
    }
    expect(job).toMatchObject({ name: "imports.run", status: "succeeded", result: { orders: 5 } });

    const errors = await app.inject({
      method: "GET",
      url: `/api/v1/imports/${created.id}/errors?limit=2`,
      headers: auth,
    });
    expect(errors.json().data.map((e: { rowNo: number }) => e.rowNo)).toEqual([9, 10]);
    const rest = await app.inject({
      method: "GET",
      url: `/api/v1/imports/${created.id}/errors?limit=2&cursor=${errors.json().nextCursor}`,
      headers: auth,
    });
    expect(rest.json()).toMatchObject({ data: [{ rowNo: 12 }], nextCursor: null });
    const csv = await app.inject({
      method: "GET",
      url: `/api/v1/imports/${created.id}/errors?format=csv`,
      headers: auth,
    });
    expect(csv.headers["content-type"]).toContain("text/csv");
    const csvLines = csv.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(csvLines[0]).toBe(
      "row,message,订单号,下单时间,会员编号,手机号,会员姓名,门店,商品编码,商品名称,品类,数量,单价,状态",
    );
    expect(csvLines[1]).toContain('9,"Unit price ""12.555""');
    expect(csvLines[3]).toMatch(/^12,"Return for order SO-9999, .*",SO-9999,2026-11-05 10:00,/);
    expect(csvLines).toHaveLength(4);

    const mapping = await app.inject({ method: "GET", url: "/api/v1/import-mappings/orders", headers: auth });
    expect(mapping.json()).toEqual({ kind: "orders", mapping: preview.suggestedMapping });
    const list = await app.inject({ method: "GET", url: "/api/v1/imports", headers: auth });
    expect(list.json().data.map((i: { id: string }) => i.id)).toEqual([created.id]);

    for (const url of [`/api/v1/imports/${created.id}`, `/api/v1/imports/${created.id}/errors`]) {
      const foreign = await app.inject({ method: "GET", url, headers: bearer(other.apiKey) });
      expect(foreign.statusCode).toBe(404);
    }
    const foreignList = await app.inject({
      method: "GET",
      url: "/api/v1/imports",
      headers: bearer(other.apiKey),
    });
    expect(foreignList.json().data).toEqual([]);
  });

  it("refuses an upload without a file or with an unknown kind, keeping nothing", async () => {
    const shop = await createTestMerchant(use());
    const form = multipart({ kind: "coupons" }, { name: "x.csv", content: Buffer.from("a,b\n1,2\n") });
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: { ...bearer(shop.apiKey), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(400);
    const empty = multipart({ kind: "orders" }, { name: "empty.csv", content: Buffer.from("") });
    const res2 = await app.inject({
      method: "POST",
      url: "/api/v1/imports",
      headers: { ...bearer(shop.apiKey), ...empty.headers },
      payload: empty.payload,
    });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().error.code).toBe("invalid_csv");
    const rows = await use().query("select id from imports where merchant_id = $1", [shop.merchant.id]);
    expect(rows).toEqual([]);
    expect(
      fs.existsSync(`/tmp/quanzi-test/imports/${shop.merchant.id}`)
        ? fs.readdirSync(`/tmp/quanzi-test/imports/${shop.merchant.id}`)
        : [],
    ).toEqual([]);
  });
});

describe("CSV reading", () => {
  const split = (text: string, chunkSize = text.length) => {
    const splitter = new CsvSplitter(",");
    const records: string[][] = [];
    for (let i = 0; i < text.length; i += chunkSize)
      records.push(...splitter.push(text.slice(i, i + chunkSize)));
    records.push(...splitter.push("", true));
    return records;
  };
  const sample = 'a,b,c\r\n1,"two, with comma","say ""hi"""\n\n3,"multi\nline",x\r\n4,5" tall,\n"last",,"';

  it("splits quoted, multi-line and CRLF records and skips blank lines", () => {
    expect(split(sample)).toEqual([
      ["a", "b", "c"],
      ["1", "two, with comma", 'say "hi"'],
      ["3", "multi\nline", "x"],
      ["4", '5" tall', ""],
      ["last", "", ""],
    ]);
  });

  it("gives the same records however the text is cut into chunks", () => {
    const whole = split(sample);
    for (let size = 1; size < sample.length; size++) expect(split(sample, size)).toEqual(whole);
  });

  it("gives COPY the same rows however the bytes are cut, and sets rows with quotes or short rows right", () => {
    const bytes = Buffer.from(
      '1,"two, with comma","say ""hi"""\n\n3,"multi\nline",x\r\n4,5" tall,\n 5 ,6\n"last",,"',
    );
    const scanAll = (size: number) => {
      const scanner = new RecordScanner(44, 3);
      let rowNo = 1;
      const out: string[] = [];
      const bad: number[] = [];
      let pending = Buffer.alloc(0);
      for (let i = 0; i < bytes.length; i += size) {
        const final = i + size >= bytes.length;
        pending = Buffer.concat([pending, bytes.subarray(i, i + size)]);
        const { output, consumed } = scanner.scan(
          pending,
          final,
          () => ++rowNo,
          (r) => bad.push(r.rowNo),
        );
        out.push(output.toString());
        pending = pending.subarray(consumed);
      }
      return { text: out.join(""), bad };
    };
    const whole = scanAll(bytes.length);
    expect(whole.text).toBe(
      '2,f,1,"two, with comma","say ""hi"""\n3,f,3,"multi\nline",x\n4,f,4,"5"" tall",\n5,t, 5 ,6,\n',
    );
    expect(whole.bad).toEqual([6]);
    for (let size = 1; size < bytes.length; size++) expect(scanAll(size)).toEqual(whole);
  });

  it("reads GBK files (as Chinese Excel saves them) and UTF-16 tab-separated ones", async () => {
    const gbk = await readCsvPreview(fixture("orders-gbk.csv"));
    expect(gbk).toEqual({
      headers: ["订单号", "下单时间", "商品编码", "商品名称", "数量", "单价"],
      rows: [["G-1", "2026-11-01 10:00", "A1", "苹果", "2", "12.5"]],
    });
    const utf16 = await readCsvPreview(fixture("orders-utf16.csv"));
    expect(utf16).toEqual({
      headers: ["订单号", "下单时间", "商品编码", "数量", "单价"],
      rows: [["T-1", "2026-11-01", "A1", "1", "3"]],
    });
  });
});
