import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseOption } from "./support/antd.js";
import { createApiKey, keyRequest, type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "周店主", email: "owner@example.com", password: "correct horse battery" };

/** A POST that needs an Idempotency-Key, as a signed-in staff member or (apiKey) as the POS. */
async function keyedPost<T>(
  baseUrl: string,
  auth: StaffSession | string,
  url: string,
  body: unknown,
): Promise<T> {
  const headers: Record<string, string> =
    typeof auth === "string"
      ? { authorization: `Bearer ${auth}` }
      : { cookie: auth.cookie, "x-csrf-token": auth.csrfToken };
  const res = await fetch(`${baseUrl}${url}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

type IssueResult = { results: { customerId: string; issued: boolean; coupons: { code: string }[] }[] };

describe("admin console: coupon reports (优惠券报表)", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let apiKey: string;
  let desktop: BrowserContext;
  let page: Page;
  let errors: string[];
  let storeId: string;
  let tenOff: string;
  let drinks: string;

  const kpi = async (name: string) => ((await page.getByTestId(`kpi-${name}`).textContent()) ?? "").trim();
  const tableRow = (name: RegExp | string) =>
    page.getByTestId("report-table").getByRole("row", { name: typeof name === "string" ? name : name });

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "茶语轩", slug: "tea", timeZone: "Asia/Shanghai" },
      owner,
    );
    apiKey = await createApiKey(world.baseUrl, session);
    storeId = (
      await staffRequest<{ id: string }>(world.baseUrl, session, "POST", "/api/v1/stores", {
        code: "S1",
        name: "文三路店",
      })
    ).id;
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    page = await desktop.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/promotions/reports");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterAll(async () => {
    await desktop?.close();
    await world?.close();
  });

  it("starts empty and says how figures get here", async () => {
    const empty = page.getByTestId("report-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toContain("这段时间没有发券，也没有核销");
    expect(await empty.textContent()).toContain("去发券");
    expect(await kpi("issued")).toMatch(/发券数\s*0$/);
    // Nothing issued: no rate to show rather than 0%.
    expect(await kpi("redemptionRate")).toMatch(/核销率\s*—$/);
    await screenshot(page, "admin-coupon-report-empty");
    expect(errors).toEqual([]);
  });

  it("shows the KPIs, the daily chart and a row per template after coupons are issued and redeemed", async () => {
    const template = async (name: string, rule: unknown) =>
      (
        await staffRequest<{ id: string }>(world.baseUrl, session, "POST", "/api/v1/coupon-templates", {
          name,
          rule,
          validity: { type: "days_after_issue", days: 30 },
        })
      ).id;
    tenOff = await template("满100减10", { kind: "amount_off", amountOff: 1000, minSpend: 10_000 });
    drinks = await template("饮品9折", { kind: "percent_off", percentOff: 10 });
    const customers: string[] = [];
    for (const n of [1, 2, 3]) {
      const customer = await keyRequest<{ id: string }>(world.baseUrl, apiKey, "POST", "/api/v1/customers", {
        name: `会员${n}`,
        phone: `1390000000${n}`,
      });
      customers.push(customer.id);
    }
    const issued = await keyedPost<IssueResult>(world.baseUrl, session, "/api/v1/coupons/issue", {
      templateId: tenOff,
      customerIds: customers,
    });
    await keyedPost<IssueResult>(world.baseUrl, session, "/api/v1/coupons/issue", {
      templateId: drinks,
      customerIds: customers.slice(0, 2),
    });
    // Two checkouts of ¥200 with the ¥10 coupon (one at the store, one online): ¥190 each.
    for (const [index, result] of issued.results.slice(0, 2).entries()) {
      const redemption = await keyedPost<{ total: number; discount: number }>(
        world.baseUrl,
        apiKey,
        "/api/v1/checkout/redeem",
        {
          customerId: result.customerId,
          ...(index === 0 ? { storeId } : {}),
          lines: [{ sku: "TEA", category: "茶叶", quantity: 2, unitPrice: 10_000 }],
          coupons: [result.coupons[0]?.code],
        },
      );
      expect(redemption).toMatchObject({ discount: 1000, total: 19_000 });
    }

    await page.reload();
    await page.getByTestId("report-chart").locator("canvas").waitFor();
    await expect.poll(() => kpi("issued")).toMatch(/5$/);
    expect(await kpi("redeemed")).toMatch(/2$/);
    expect(await kpi("redemptionRate")).toContain("40.0%");
    expect(await kpi("discount")).toContain("¥20.00");
    expect(await kpi("gmv")).toContain("¥380.00");
    expect(await kpi("roi")).toContain("19.00");
    // The numbers on hover: the period's last day (today) carries both redemptions.
    const chart = page.getByTestId("report-chart");
    const box = await chart.locator("canvas").boundingBox();
    if (!box) throw new Error("no chart canvas");
    await page.mouse.move(box.x + box.width - 55, box.y + box.height / 2);
    await expect.poll(async () => (await chart.textContent()) ?? "").toContain("¥380.00");
    expect(await chart.textContent()).toContain("¥20.00");
    await screenshot(page, "admin-coupon-report-hover", { fullPage: false });
    await page.mouse.move(0, 0);

    const tenRow = tableRow(/满100减10/);
    await tenRow.waitFor();
    // issued, claimed, redeemed, rolled back, discount, GMV, rate, ROI
    expect(await tenRow.locator("td").allTextContents()).toEqual([
      "满100减10",
      "3",
      "0",
      "2",
      "0",
      "¥20.00",
      "¥380.00",
      "66.7%",
      "19.00",
    ]);
    expect(
      await tableRow(/饮品9折/)
        .locator("td")
        .allTextContents(),
    ).toEqual(["饮品9折", "2", "0", "0", "0", "¥0.00", "¥0.00", "0.0%", "—"]);
    expect(await page.getByTestId("report-total").textContent()).toContain("¥380.00");
    await screenshot(page, "admin-coupon-report");
    expect(errors).toEqual([]);
  });

  it("switches the table to campaigns and stores, and filters by store", async () => {
    await page.getByTestId("report-grouping").getByText("按发放活动").click();
    const manual = tableRow(/手动发券/);
    await manual.waitFor();
    expect((await manual.locator("td").allTextContents()).slice(0, 4)).toEqual(["手动发券", "5", "0", "2"]);

    await page.getByTestId("report-grouping").getByText("按门店").click();
    await tableRow(/文三路店/).waitFor();
    expect(await page.getByText("按门店看没有发放和领取数").count()).toBe(1);
    expect(
      await tableRow(/文三路店/)
        .locator("td")
        .allTextContents(),
    ).toEqual(["文三路店", "1", "0", "¥10.00", "¥190.00", "19.00"]);
    expect(
      (
        await tableRow(/未指定门店/)
          .locator("td")
          .allTextContents()
      ).slice(0, 2),
    ).toEqual(["未指定门店", "1"]);

    await chooseOption(page, page.getByTestId("report-store"), "文三路店", { partial: true });
    await expect.poll(() => kpi("redeemed")).toMatch(/^核销数.*1$/);
    expect(await kpi("gmv")).toContain("¥190.00");
    await page.getByTestId("report-store").hover();
    await page.getByTestId("report-store").locator(".ant-select-clear").click();
    await expect.poll(() => kpi("redeemed")).toMatch(/^核销数.*2$/);
    expect(errors).toEqual([]);
  });

  it("downloads the server's CSV for the grouping shown", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("report-csv").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^coupon-report-store-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync((await download.path()) ?? "", "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain("key,label,issued,claimed,redeemed,rolled_back,discount_yuan,gmv_yuan");
    expect(lines.find((l) => l.startsWith(storeId))).toContain("文三路店");
    expect(lines.find((l) => l.startsWith(storeId))).toContain("10.00,190.00");
    expect(lines.at(-1)).toMatch(/^total,.*20\.00,380\.00/);
    expect(errors).toEqual([]);
  });

  it("reads in English and fits a phone", async () => {
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.goto("/admin/promotions/reports");
    await page.getByRole("heading", { name: "Coupon reports" }).waitFor();
    await page.getByTestId("report-chart").locator("canvas").waitFor();
    await page.getByTestId("report-grouping").getByText("By campaign").click();
    await tableRow(/Issued by staff/).waitFor();
    expect(await kpi("redemptionRate")).toContain("40.0%");
    await screenshot(page, "admin-coupon-report-en");
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));

    const phone = await newPhoneContext(world.browser, world.baseUrl);
    try {
      const staffPage = await phone.newPage();
      const phoneErrors = collectPageErrors(staffPage);
      await staffPage.goto("/admin/promotions/reports");
      await staffPage.getByLabel("邮箱或手机号").fill(owner.email);
      await staffPage.getByLabel("密码").fill(owner.password);
      await staffPage.getByRole("button", { name: "登录" }).click();
      await staffPage.getByTestId("report-chart").locator("canvas").waitFor();
      await staffPage
        .getByTestId("report-table")
        .getByRole("row", { name: /满100减10/ })
        .waitFor();
      // Nothing wider than the screen but the table, which scrolls inside its card.
      const overflow = await staffPage.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(staffPage, "admin-coupon-report-phone");
      expect(phoneErrors).toEqual([]);
    } finally {
      await phone.close();
    }
    expect(errors).toEqual([]);
  });
});
