import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createApiKey,
  createOrder,
  keyRequest,
  type StaffSession,
  setupShop,
  staffRequest,
} from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "李店主", email: "owner@example.com", password: "correct horse battery" };
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

type Job = { status: string; lastError: string | null };

async function waitForJob(baseUrl: string, session: StaffSession, jobId: string | number) {
  for (let tries = 0; tries < 100; tries++) {
    const job = await staffRequest<Job>(baseUrl, session, "GET", `/api/v1/jobs/${jobId}`);
    if (job.status === "succeeded") return;
    if (job.status === "failed") throw new Error(`job ${jobId} failed: ${job.lastError}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${jobId} did not finish`);
}

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByLabel("邮箱或手机号").fill(owner.email);
  await page.getByLabel("密码").fill(owner.password);
  await page.getByRole("button", { name: "登录" }).click();
}

describe("admin console: customer 360 insight, layers, layer flow and the dashboard", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let page: Page;
  let errors: string[];
  let zhangId: string;

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "鲜果铺", slug: "fresh", timeZone: "Asia/Shanghai" },
      owner,
    );
    const apiKey = await createApiKey(world.baseUrl, session);
    // 张一: three orders (水果 twice, 乳品 once), one partly refunded; 李二: one order; 王三: two orders long ago.
    const placed = [
      ["Z1", "13800000001", "张一", 40, "水果", 2, 3000],
      ["Z2", "13800000001", "张一", 10, "乳品", 1, 5000],
      ["Z3", "13800000001", "张一", 2, "水果", 1, 4000],
      ["L1", "13800000002", "李二", 5, "粮油", 1, 8000],
      ["W1", "13800000003", "王三", 200, "水果", 1, 2000],
      ["W2", "13800000003", "王三", 100, "水果", 1, 2000],
    ] as const;
    for (const [externalId, phone, name, days, category, quantity, unitPrice] of placed) {
      const order = await createOrder(world.baseUrl, apiKey, {
        externalId,
        customer: { phone, name },
        placedAt: daysAgo(days),
        items: [{ sku: `${category}-1`, name: category, category, quantity, unitPrice }],
      });
      if (externalId === "Z1") zhangId = order.customerId ?? "";
      if (externalId === "Z2")
        await keyRequest(world.baseUrl, apiKey, "POST", `/api/v1/orders/${order.id}/refunds`, {
          amount: 1000,
        });
    }
    await staffRequest(world.baseUrl, session, "POST", "/api/v1/tags", { name: "老顾客", kind: "manual" });
    const rfm = await staffRequest<{ jobId: string }>(
      world.baseUrl,
      session,
      "POST",
      "/api/v1/insight/rfm/recompute",
    );
    await waitForJob(world.baseUrl, session, rfm.jobId);
    const layers = await staffRequest<{ jobId: number }>(
      world.baseUrl,
      session,
      "POST",
      "/api/v1/layers/reevaluate",
    );
    await waitForJob(world.baseUrl, session, layers.jobId);

    const context = await newDesktopContext(world.browser, world.baseUrl);
    page = await context.newPage();
    errors = collectPageErrors(page);
    await signIn(page, `/admin/customers/${zhangId}`);
  });
  afterAll(() => world?.close());

  it("shows a customer's metrics, RFM, tags with why and layer history on the 360", async () => {
    const metrics = page.getByTestId("customer-metrics");
    await metrics.waitFor();
    await expect(page.getByTestId("metric-orders").textContent()).resolves.toBe("3");
    // Gross 6,000 + 5,000 + 4,000 分; 1,000 refunded; AOV = 14,000 / 3 rounded.
    await expect(page.getByTestId("metric-gross").textContent()).resolves.toContain("150.00");
    await expect(page.getByTestId("metric-net").textContent()).resolves.toContain("140.00");
    await expect(page.getByTestId("metric-aov").textContent()).resolves.toContain("46.67");
    await expect(page.getByTestId("metric-since").textContent()).resolves.toMatch(/^[12] 天$/);
    await expect(page.getByTestId("metric-favourite").textContent()).resolves.toBe("水果");
    await metrics.getByRole("cell", { name: "乳品" }).waitFor();
    const rfmClass = await page.getByTestId("rfm-class").textContent();
    expect(rfmClass).toMatch(/^(重要|一般)(价值|发展|保持|挽留)客户$/);
    await page
      .getByTestId("customer-rfm")
      .getByText(/计算基准日 \d{4}-\d{2}-\d{2}/)
      .waitFor();
    await page.getByTestId("current-layer").waitFor();

    await page.getByTestId("add-tag-select").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "老顾客" })
      .click();
    await page.getByPlaceholder("原因（可选）").fill("常来买水果");
    await page.getByTestId("add-tag").click();
    const tag = page.getByTestId("customer-tag").filter({ hasText: "老顾客" });
    await tag.waitFor();
    await expect(tag.getByTestId("tag-why").textContent()).resolves.toMatch(
      /李店主 于 .+ 手动添加 · 原因：常来买水果/,
    );
    await screenshot(page, "admin-customer-360-insight");

    // A customer without orders says what to do instead of showing zeros.
    expect(errors).toEqual([]);
  });

  it("shows the 360 in English and on a phone", async () => {
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.reload();
    await page.getByTestId("customer-metrics").getByText("Purchase metrics").waitFor();
    await page
      .getByText("Matched the rule", { exact: false })
      .or(page.getByText("Added by 李店主"))
      .first()
      .waitFor();
    await screenshot(page, "admin-customer-360-insight-en");
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));

    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const phonePage = await phone.newPage();
    await signIn(phonePage, `/admin/customers/${zhangId}`);
    await phonePage.getByTestId("customer-rfm").waitFor();
    await phonePage.getByTestId("metric-orders").waitFor();
    await screenshot(phonePage, "admin-customer-360-insight-phone");
    await phone.close();
  });

  it("previews how many customers each layer would hold and names a bad field", async () => {
    await page.goto("/admin/layers");
    await page.getByTestId("layer-card").first().waitFor();
    const total = page.getByTestId("preview-total");
    await total.waitFor();
    await expect(total.textContent()).resolves.toMatch(/^共 3 位客户，用时 [\d.]+ 毫秒$/);
    const counts = await Promise.all(
      [0, 1, 2, 3].map(async (i) =>
        Number((await page.getByTestId(`layer-preview-${i}`).textContent())?.match(/\d+/)?.[0]),
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    await page.getByTestId("rfm-settings").getByText("按五分位（店内排名）").waitFor();
    await screenshot(page, "admin-layers");

    // An empty name is refused by the server and shown on that layer's field.
    await page.getByTestId("layer-name-1").fill("");
    await page.getByTestId("layer-card").nth(1).locator(".ant-form-item-explain-error").waitFor();
    await expect(
      page.getByTestId("layer-card").nth(0).locator(".ant-form-item-explain-error").count(),
    ).resolves.toBe(0);
    await screenshot(page, "admin-layers-error");
    await page.getByTestId("layer-name-1").fill("活跃");
    await total.waitFor();
  });

  it("shows the layer flow as numbers and a Sankey chart", async () => {
    await page.goto("/admin/layer-flow");
    const customers = page.getByTestId("flow-customers");
    await customers.waitFor();
    await expect(customers.locator(".ant-statistic-content-value").textContent()).resolves.toBe("3");
    await page.getByTestId("flow-sankey").locator("canvas").waitFor();
    await page.getByTestId("flow-matrix").getByRole("cell", { name: "（未分层）" }).waitFor();
    await screenshot(page, "admin-layer-flow");
  });

  it("shows active rate, repurchase, RFM classes and customers per layer on the dashboard", async () => {
    await page.goto("/admin/dashboard");
    const active = page.getByTestId("stat-activeRate");
    await active.locator(".ant-statistic-content-value").waitFor();
    // 张一 and 李二 ordered in the last 30 days, 王三 did not: 2 of 3.
    await expect(active.locator(".ant-statistic-content-value").textContent()).resolves.toMatch(
      /^66\.7\s?%$/,
    );
    // Of those two, 张一 ordered twice in the 30 days.
    await expect(
      page.getByTestId("stat-repurchase30").locator(".ant-statistic-content-value").textContent(),
    ).resolves.toMatch(/^50(\.0)?\s?%$/);
    await page.getByTestId("rfm-breakdown").locator("canvas").waitFor();
    const layerRows = page.getByTestId("layer-counts").locator("tbody tr.ant-table-row");
    await expect.poll(() => layerRows.count()).toBe(4);
    await page.getByTestId("layer-trend").locator("canvas").waitFor();
    await page.getByTestId("rate-trend").locator("canvas").waitFor();
    await screenshot(page, "admin-dashboard-insight");
    expect(errors).toEqual([]);
  });
});
