import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseOption } from "./support/antd.js";
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

// Five customers; "orders ≥ 2 and net spent ≥ ¥100" holds 张一, 李二 and 王三 (two women, one man).
const customers = [
  { name: "张一", phone: "13800000001", gender: "female", orders: 3, category: "水果", price: 5000 },
  { name: "李二", phone: "13800000002", gender: "female", orders: 2, category: "水果", price: 6000 },
  { name: "王三", phone: "13800000003", gender: "male", orders: 2, category: "乳品", price: 8000 },
  { name: "赵四", phone: "13800000004", gender: "male", orders: 1, category: "粮油", price: 20000 },
  { name: "钱五", phone: "13800000005", gender: "unknown", orders: 2, category: "水果", price: 1000 },
];

/** Picks an option in an antd Select (typing to search when it has a search box). */
async function downloadedText(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await download.path();
  return readFileSync(file, "utf8");
}

describe("admin console: segments, personas and tags", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // QUANZI_BROWSER_DATABASE_URL (an empty PostgreSQL database) runs the same flow on PostgreSQL.
    const databaseUrl = process.env.QUANZI_BROWSER_DATABASE_URL;
    world = await startBrowserWorld(databaseUrl ? { DATABASE_URL: databaseUrl } : {});
    session = await setupShop(
      world.baseUrl,
      { name: "鲜果铺", slug: "fresh", timeZone: "Asia/Shanghai" },
      owner,
    );
    const apiKey = await createApiKey(world.baseUrl, session);
    let n = 0;
    for (const c of customers) {
      await keyRequest(world.baseUrl, apiKey, "POST", "/api/v1/customers", {
        name: c.name,
        phone: c.phone,
        gender: c.gender,
      });
      for (let i = 0; i < c.orders; i++) {
        n += 1;
        await createOrder(world.baseUrl, apiKey, {
          externalId: `SEG-${n}`,
          customer: { phone: c.phone },
          placedAt: daysAgo(20 - i),
          items: [{ sku: `S${n}`, name: c.category, category: c.category, quantity: 1, unitPrice: c.price }],
        });
      }
    }
    // Metrics follow orders within a second; wait until the rule the test builds sees them.
    const rule = {
      all: [
        { field: "metrics.orderCount", op: "gte", value: 2 },
        { field: "metrics.netSpent", op: "gte", value: 10_000 },
      ],
    };
    for (let tries = 0; tries < 50; tries++) {
      const { count } = await staffRequest<{ count: number }>(
        world.baseUrl,
        session,
        "POST",
        "/api/v1/insight/preview",
        { rule },
      );
      if (count === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const context = await newDesktopContext(world.browser, world.baseUrl);
    page = await context.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/segments");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByTestId("segment-create").waitFor();
  });
  afterAll(() => world?.close());

  it("builds a segment with two conditions, shows the live count, saves it", async () => {
    await page.getByText("还没有人群").waitFor();
    await screenshot(page, "admin-segments-empty");
    await page.getByTestId("segment-create").click();
    await page.getByText("添加条件后，这里实时显示").waitFor();
    await page.getByTestId("segment-name").fill("高价值复购客");

    const addCondition = page.getByTestId("rule-add-condition").first();
    await addCondition.click();
    const first = page.getByTestId("rule-leaf").nth(0);
    await chooseOption(page, first.getByTestId("rule-what"), "订单数", { search: true });
    await chooseOption(page, first.getByTestId("rule-op"), "大于等于");
    await first.locator("input").last().fill("2");

    await addCondition.click();
    const second = page.getByTestId("rule-leaf").nth(1);
    await chooseOption(page, second.getByTestId("rule-what"), "净消费", { search: true });
    await chooseOption(page, second.getByTestId("rule-op"), "大于等于");
    await second.locator("input").last().fill("100");

    const count = page.locator('[data-testid="rule-preview-count"][data-count="3"]');
    await count.waitFor({ state: "attached" });
    await page.getByTestId("rule-preview").getByRole("cell", { name: "张一" }).waitFor();
    await expect(page.getByTestId("rule-preview").getByRole("cell", { name: "赵四" }).count()).resolves.toBe(
      0,
    );
    await expect(page.getByTestId("rule-preview-timing").textContent()).resolves.toMatch(
      /服务器计算用时 [\d.]+ 毫秒/,
    );
    await screenshot(page, "admin-segment-builder");

    // A bad value is named by the server and shown on its condition, not somewhere else.
    await second.locator("input").last().fill("");
    await second.getByTestId("rule-issue").waitFor();
    await expect(first.getByTestId("rule-issue").count()).resolves.toBe(0);
    await screenshot(page, "admin-segment-builder-issue");
    await second.locator("input").last().fill("100");
    await count.waitFor({ state: "attached" });

    await page.getByTestId("segment-save").click();
    await page.waitForURL(/\/admin\/segments\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "高价值复购客" }).waitFor();
    await expect(page.getByTestId("rule-summary").textContent()).resolves.toBe(
      "订单数 大于等于 2 且 净消费 大于等于 ¥100.00",
    );
    // Membership is filled by a background reconcile; the page shows it once done.
    for (let tries = 0; tries < 40; tries++) {
      if ((await page.getByTestId("segment-member-count").textContent()) === "3") break;
      await page.waitForTimeout(250);
      await page.reload();
      await page.getByTestId("segment-member-count").waitFor();
    }
    await expect(page.getByTestId("segment-member-count").textContent()).resolves.toBe("3");
    await page.getByRole("cell", { name: "李二" }).waitFor();
    await screenshot(page, "admin-segment-members");

    const csv = await downloadedText(page, () => page.getByTestId("segment-export").click());
    expect(csv).toContain("13800000001");
    expect(csv).not.toContain("13800000004");

    await page.getByRole("menuitem", { name: "人群" }).click();
    await page.getByRole("cell", { name: "高价值复购客" }).waitFor();
    await screenshot(page, "admin-segments");
  });

  it("opens the segment's persona with the numbers of its customers", async () => {
    await page.getByRole("link", { name: "高价值复购客" }).click();
    await page.getByTestId("segment-persona").click();
    await page.getByRole("heading", { name: "人群画像：高价值复购客" }).waitFor();
    await expect(
      page.getByTestId("persona-customers").locator(".ant-statistic-content").textContent(),
    ).resolves.toBe("3");
    const table = page.getByTestId("persona-category-table");
    await expect(table.getByRole("row", { name: /水果/ }).textContent()).resolves.toMatch(/^水果2/);
    await expect(table.getByRole("row", { name: /乳品/ }).textContent()).resolves.toMatch(/^乳品1/);
    await page.getByTestId("persona-gender").locator("canvas").waitFor();
    const genderCsv = await downloadedText(page, () => page.getByTestId("persona-gender-csv").click());
    expect(genderCsv).toContain("女,2,66.7");
    expect(genderCsv).toContain("男,1,33.3");
    const spendCsv = await downloadedText(page, () => page.getByTestId("persona-orders-csv").click());
    expect(spendCsv).toContain("2 单,2,66.7");
    expect(spendCsv).toContain("3–5 单,1,33.3");
    await page.getByTestId("persona-gender").locator("canvas").hover();
    await screenshot(page, "admin-persona-segment");
  });

  it("creates a manual tag, tags customers by phone (reporting unknown ones) and lists them", async () => {
    await page.getByRole("menuitem", { name: "标签" }).click();
    await page.getByTestId("tag-create").waitFor();
    await screenshot(page, "admin-tags-empty");
    await page.getByTestId("tag-create").click();
    await page.getByTestId("tag-name").fill("试吃活动");
    await page.getByTestId("tag-save").click();
    await page.waitForURL(/\/admin\/tags\/[0-9a-f-]{36}$/);
    await page.getByText("还没有客户持有此标签").waitFor();

    await page.getByTestId("tag-phones").fill("13800000001\n13800000003\n13899999999\n");
    await page.getByTestId("tag-phones-submit").click();
    await page.getByTestId("tag-phones-result").waitFor();
    await expect(page.getByTestId("tag-phones-not-found").textContent()).resolves.toContain("13899999999");
    await page.getByTestId("tag-holders").getByRole("cell", { name: "张一" }).waitFor();
    await page.getByTestId("tag-holders").getByRole("cell", { name: "王三" }).waitFor();
    await expect(page.getByTestId("tag-holder-count").textContent()).resolves.toBe("2");
    await screenshot(page, "admin-tag-holders");

    await page.getByRole("menuitem", { name: "标签" }).click();
    await page.getByRole("cell", { name: "2", exact: true }).waitFor();
    await page.getByTestId("tag-group-name").fill("活动标签");
    await page.getByTestId("tag-group-add").click();
    await page.getByRole("menuitem", { name: "活动标签" }).waitFor();
    await page.getByRole("menuitem", { name: "全部标签" }).click();
    await page.waitForTimeout(500);
    await screenshot(page, "admin-tags");

    await page.getByRole("link", { name: "画像" }).first().click();
    await page.getByRole("heading", { name: "标签画像：试吃活动" }).waitFor();
    await expect(
      page.getByTestId("persona-customers").locator(".ant-statistic-content").textContent(),
    ).resolves.toBe("2");
    expect(errors).toEqual([]);
  });

  it("shows a rule tag's builder, the persona in English and the builder on a phone", async () => {
    await page.getByRole("menuitem", { name: "标签" }).click();
    await page.getByTestId("tag-create").click();
    await page.getByTestId("tag-name").fill("水果常客");
    await page.getByTestId("tag-kind").getByText("规则标签").click();
    await page.getByTestId("rule-add-condition").first().click();
    const leaf = page.getByTestId("rule-leaf").first();
    await chooseOption(page, leaf.getByTestId("rule-what"), "购买过商品", { search: true });
    await leaf.getByTestId("rule-category").click();
    await page.keyboard.type("水果");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="rule-preview-count"][data-count="3"]').waitFor({ state: "attached" });
    // …and lacks the manual tag 张一 got: 李二 and 钱五 remain.
    await page.getByTestId("rule-add-condition").first().click();
    const second = page.getByTestId("rule-leaf").nth(1);
    await chooseOption(page, second.getByTestId("rule-what"), "标签", { search: true });
    await chooseOption(page, second.getByTestId("rule-op"), "没有标签");
    await chooseOption(page, second.getByTestId("rule-tag"), "试吃活动");
    await page.locator('[data-testid="rule-preview-count"][data-count="2"]').waitFor({ state: "attached" });
    await screenshot(page, "admin-tag-rule-builder");
    await page.getByTestId("tag-save").click();
    await page.waitForURL(/\/admin\/tags\/[0-9a-f-]{36}$/);
    // The rule is applied by a background job; re-evaluating on demand is one click.
    await page.getByTestId("tag-evaluate").click();
    await page.getByText("已开始重新计算").waitFor();
    for (let tries = 0; tries < 40; tries++) {
      if ((await page.getByTestId("tag-holder-count").textContent()) === "2") break;
      await page.waitForTimeout(250);
      await page.reload();
      await page.getByTestId("tag-holder-count").waitFor();
    }
    await page.getByTestId("tag-holders").getByRole("cell", { name: "钱五" }).waitFor();
    await expect(page.getByTestId("tag-holders").getByRole("cell", { name: "张一" }).count()).resolves.toBe(
      0,
    );
    await screenshot(page, "admin-tag-rule-holders");

    const english = await newDesktopContext(world.browser, world.baseUrl, { locale: "en" });
    await english.addInitScript(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await english.addCookies(
      session.cookie.split("; ").map((pair) => {
        const [name = "", value = ""] = pair.split("=");
        return { name, value, url: world.baseUrl };
      }),
    );
    const en = await english.newPage();
    await en.goto("/admin/personas");
    await en.getByRole("heading", { name: "All customers" }).waitFor();
    await expect(
      en.getByTestId("persona-customers").locator(".ant-statistic-content").textContent(),
    ).resolves.toBe("5");
    await en.getByTestId("persona-rfm").waitFor();
    await screenshot(en, "admin-persona-all-en");
    await english.close();

    const phone = await newPhoneContext(world.browser, world.baseUrl);
    await phone.addCookies(
      session.cookie.split("; ").map((pair) => {
        const [name = "", value = ""] = pair.split("=");
        return { name, value, url: world.baseUrl };
      }),
    );
    const small = await phone.newPage();
    await small.goto("/admin/segments");
    await small.getByRole("link", { name: "高价值复购客" }).click();
    await small.getByRole("button", { name: /编辑/ }).click();
    await small.locator('[data-testid="rule-preview-count"][data-count="3"]').waitFor({ state: "attached" });
    await screenshot(small, "admin-segment-builder-phone");
    await phone.close();
  });
});
