import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

// Order lines for the customer the test creates by hand (matched by phone) and for a guest.
const ordersCsv = [
  "订单号,下单时间,手机号,姓名,商品编码,商品名称,品类,数量,单价",
  "CSV-1001,2026-11-01 10:00:00,13900001111,王小明,A1,苹果,水果,2,12.50",
  "CSV-1001,2026-11-01 10:00:00,13900001111,王小明,M7,纯牛奶,乳品,1,6.80",
  "CSV-1002,2026-11-02 09:30:00,,,R3,东北大米 5kg,粮油,1,45.00",
].join("\n");

describe("admin console: first run, a customer, a CSV import, the customer 360", () => {
  let world: BrowserWorld;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    world = await startBrowserWorld();
    const context = await newDesktopContext(world.browser, world.baseUrl);
    page = await context.newPage();
    errors = collectPageErrors(page);
  });
  afterAll(() => world?.close());

  it("opens the first-run setup on an empty database and lands signed in on the dashboard", async () => {
    await page.goto("/admin");
    await page.getByText("欢迎使用圈子").waitFor();
    await page.getByRole("button", { name: "加载演示店铺" }).waitFor();
    await screenshot(page, "admin-setup");

    await page.getByLabel("店铺名称").fill("鲜果铺");
    await page.getByLabel("店铺标识").fill("fresh");
    await page.getByLabel("姓名").fill("李店主");
    await page.getByLabel("邮箱").fill("owner@example.com");
    await page.getByLabel("密码").fill("correct horse battery");
    await page.getByRole("button", { name: "创建店铺" }).click();

    await page.getByTestId("stat-customers").waitFor();
    expect(page.url()).toContain("/admin/dashboard");
    await expect(page.getByTestId("shop-name").textContent()).resolves.toBe("鲜果铺");
    await page.locator("canvas").first().waitFor();
    await screenshot(page, "admin-dashboard-empty");
  });

  it("adds a customer by hand and opens their 360 page", async () => {
    await page.getByRole("menuitem", { name: "客户" }).click();
    await page.getByRole("button", { name: "新建客户" }).click();
    const form = page.getByTestId("customer-create-form");
    await form.getByLabel("姓名").fill("王小明");
    await form.getByLabel("手机号").fill("13900001111");
    await page.getByRole("button", { name: "创建", exact: true }).click();

    await page.waitForURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "王小明" }).waitFor();
    await expect(page.getByTestId("summary-orders").textContent()).resolves.toContain("0");
    await screenshot(page, "admin-customer-new");
  });

  it("imports order lines from a CSV with the suggested mapping and reports the result", async () => {
    await page.getByRole("menuitem", { name: "数据导入" }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: "orders.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(ordersCsv, "utf8"),
    });
    const mapping = page.getByTestId("import-mapping");
    await mapping.waitFor();
    // Every column is pre-filled from the server's suggestion for these common Chinese headers.
    await expect(mapping.getByText("（忽略）").count()).resolves.toBe(0);
    await screenshot(page, "admin-import-mapping");

    await page.getByTestId("import-start").click();
    await page.getByText("导入完成").waitFor({ timeout: 60_000 });
    await expect(page.getByTestId("import-created").textContent()).resolves.toBe("2");
    await screenshot(page, "admin-import-done");
  });

  it("shows the imported order, with its lines, in the customer's 360", async () => {
    await page.getByRole("menuitem", { name: "客户" }).click();
    const search = page.getByPlaceholder("姓名、手机号或外部编号");
    await search.fill("13900001111");
    await search.press("Enter");
    await page.getByRole("link", { name: "王小明" }).click();

    await page.getByRole("link", { name: "CSV-1001" }).waitFor();
    await expect(page.getByTestId("summary-spent").textContent()).resolves.toContain("¥31.80");
    await page
      .getByRole("row", { name: /CSV-1001/ })
      .getByRole("button")
      .first()
      .click();
    await page.getByRole("cell", { name: "纯牛奶", exact: true }).waitFor();
    await screenshot(page, "admin-customer-360");
  });

  it("shows the guest order on the orders page and in the dashboard figures", async () => {
    await page.getByRole("menuitem", { name: /(^|\s)订单$/ }).click();
    await page.getByRole("link", { name: "CSV-1002" }).click();
    await page.getByRole("dialog").getByText("散客").first().waitFor();
    await screenshot(page, "admin-order-drawer");
    await page.keyboard.press("Escape");

    await page.getByRole("menuitem", { name: "经营概览" }).click();
    await page.getByTestId("period-preset").click();
    await page.getByTitle("近 12 个月").click();
    await expect.poll(() => page.getByTestId("stat-orders").textContent()).toContain("2");
    await screenshot(page, "admin-dashboard");
    expect(errors).toEqual([]);
  });

  it("is usable on a phone: the menu moves into a drawer", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const phonePage = await phone.newPage();
    await phonePage.goto("/admin");
    await phonePage.getByLabel("邮箱或手机号").fill("owner@example.com");
    await phonePage.getByLabel("密码").fill("correct horse battery");
    await phonePage.getByRole("button", { name: "登录" }).click();
    await phonePage.getByTestId("menu-toggle").click();
    await phonePage.getByRole("menuitem", { name: /(^|\s)订单$/ }).click();
    await phonePage.getByText("CSV-1001").waitFor();
    await screenshot(phonePage, "admin-phone-orders");
    await phone.close();
  });
});
