import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const phone = "13800000066";
const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

describe("flash sale: a member buys in a running sale, staff confirm the payment", () => {
  let world: BrowserWorld;
  let owner: Awaited<ReturnType<typeof setupShop>>;
  let desktop: BrowserContext;
  let admin: Page;
  let phonePage: Page;
  let orderCode = "";
  const errors: string[][] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    owner = await setupShop(world.baseUrl, { name: "闪购铺", slug: "flash", timeZone: "Asia/Shanghai" });
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/customers", { name: "赵会员", phone });
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/flash-sales", {
      name: "午间秒杀",
      sku: "TEA-01",
      itemName: "桂花乌龙茶礼盒",
      originalPrice: 12800,
      price: 3900,
      stock: 5,
      perMemberLimit: 2,
      paymentMinutes: 30,
      startsAt: minutes(-5),
      endsAt: minutes(120),
    });
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/flash-sales", {
      name: "晚间预告",
      sku: "CUP-02",
      itemName: "手工陶瓷杯",
      originalPrice: 8800,
      price: 2900,
      stock: 20,
      startsAt: minutes(90),
      endsAt: minutes(150),
    });
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    admin = await desktop.newPage();
    errors.push(collectPageErrors(admin));
    const memberContext = await newPhoneContext(world.browser, world.baseUrl);
    phonePage = await memberContext.newPage();
    errors.push(collectPageErrors(phonePage));
  });
  afterEach(() => {
    for (const list of errors) expect(list).toEqual([]);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("lets the owner set up a sale in the console and see its live stock", async () => {
    await admin.goto("/admin");
    await admin.getByLabel("邮箱或手机号").fill(owner.owner.email);
    await admin.getByLabel("密码").fill(owner.owner.password);
    await admin.getByRole("button", { name: "登录" }).click();
    await admin.getByRole("menuitem", { name: "限时抢购" }).click();
    await admin.getByRole("cell", { name: /午间秒杀/ }).waitFor();

    await admin.getByRole("button", { name: "新建抢购" }).first().click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("活动名称").fill("周末特惠");
    await dialog.getByLabel("商品名称").fill("有机蜂蜜");
    await dialog.getByLabel("商品编码（SKU）").fill("HONEY-1");
    await dialog.getByLabel("原价").fill("68");
    await dialog.getByLabel("抢购价").fill("88");
    await screenshot(admin, "admin-flash-sale-form");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await dialog.getByText("must not exceed originalPrice").waitFor();
    await dialog.getByLabel("抢购价").fill("39.9");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await admin.getByRole("cell", { name: /周末特惠/ }).waitFor();
    const row = admin.getByRole("row", { name: /周末特惠/ });
    expect(await row.textContent()).toContain("¥39.90");
    expect(await row.textContent()).toContain("未开始");
    expect(await admin.getByRole("row", { name: /午间秒杀/ }).textContent()).toContain("剩余 5 / 5");
    await screenshot(admin, "admin-flash-sales");
  });

  it("shows a member the running sale with its countdown and stock, and lets them buy", async () => {
    await phonePage.goto("/m/flash");
    await phonePage.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await phonePage.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await phonePage.getByPlaceholder("6 位验证码").fill(code);
    await phonePage.getByRole("button", { name: "登录" }).click();

    await phonePage.getByTestId("flash-entry").click();
    await expect.poll(() => phonePage.getByTestId("flash-sale").count()).toBe(3);
    const upcoming = phonePage.getByTestId("flash-sale").filter({ hasText: "晚间预告" });
    expect(await upcoming.getByTestId("flash-countdown").getAttribute("data-phase")).toBe("upcoming");
    expect(await upcoming.textContent()).toContain("距开始");
    await screenshot(phonePage, "member-flash-sales");

    await phonePage.getByTestId("flash-sale").filter({ hasText: "午间秒杀" }).click();
    await phonePage.getByTestId("flash-sale-name").waitFor();
    const countdown = phonePage.getByTestId("flash-countdown");
    expect(await countdown.getAttribute("data-phase")).toBe("running");
    const first = await countdown.textContent();
    expect(first).toMatch(/距结束\d{2}:\d{2}:\d{2}/);
    await expect.poll(() => countdown.textContent(), { timeout: 4000 }).not.toBe(first);
    expect(await phonePage.getByTestId("flash-left").textContent()).toBe("剩余 5 / 5 件");
    expect(await phonePage.locator(".qm-page").first().textContent()).toContain(
      "每人限购 2 件，你还可买 2 件",
    );
    await screenshot(phonePage, "member-flash-sale");

    await phonePage.getByTestId("flash-buy").click();
    await phonePage.getByText("「桂花乌龙茶礼盒」× 1，应付 ¥39.00").waitFor();
    await screenshot(phonePage, "member-flash-confirm", { fullPage: false });
    await phonePage.getByRole("button", { name: "确认抢购" }).click();

    const card = phonePage.getByTestId("flash-purchase").first();
    await card.waitFor();
    expect(await card.getAttribute("data-status")).toBe("held");
    expect(await card.getByTestId("flash-pay-left").textContent()).toMatch(/^(00:30:00|00:29:\d{2})$/);
    orderCode = (await card.getByTestId("flash-code").textContent()) ?? "";
    expect(orderCode).toMatch(/^\d{4} \d{4} \d{4}$/);
    await screenshot(phonePage, "member-flash-purchases");

    await phonePage.goBack();
    await expect.poll(() => phonePage.getByTestId("flash-left").textContent()).toBe("剩余 4 / 5 件");
  });

  it("lets staff confirm the payment in the console, once, and the member sees it paid", async () => {
    await admin.goto("/admin/promotions/flash-sales/purchases");
    const row = admin.getByRole("row", { name: new RegExp(orderCode) });
    await row.waitFor();
    expect(await row.textContent()).toContain("赵会员");
    expect(await row.textContent()).toContain("待付款");
    await screenshot(admin, "admin-flash-purchases");

    // A clerk at the till confirms from a phone: the order code and the button fit the screen.
    const staffPhone = await (await newPhoneContext(world.browser, world.baseUrl)).newPage();
    errors.push(collectPageErrors(staffPhone));
    await staffPhone.goto("/admin");
    await staffPhone.getByLabel("邮箱或手机号").fill(owner.owner.email);
    await staffPhone.getByLabel("密码").fill(owner.owner.password);
    await staffPhone.getByRole("button", { name: "登录" }).click();
    await staffPhone.waitForURL(/\/admin\//);
    await staffPhone.goto("/admin/promotions/flash-sales/purchases");
    await staffPhone.getByRole("row", { name: new RegExp(orderCode) }).waitFor();
    expect(await staffPhone.getByTestId("flash-confirm").isVisible()).toBe(true);
    await screenshot(staffPhone, "admin-flash-purchases-phone");
    await row.getByTestId("flash-confirm").click();
    await expect.poll(() => row.textContent()).toContain("已付款");
    expect(await row.getByTestId("flash-confirm").count()).toBe(0);

    await admin.goto("/admin/promotions/flash-sales");
    await expect
      .poll(() => admin.getByRole("row", { name: /午间秒杀/ }).textContent())
      .toContain("已售 1 · 占用 0 · 剩余 4 / 5");

    await phonePage.goto("/m/flash/flash-sales/purchases");
    await expect
      .poll(() => phonePage.getByTestId("flash-purchase").first().getAttribute("data-status"))
      .toBe("confirmed");

    await admin.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await admin.goto("/admin/promotions/flash-sales");
    await admin.getByRole("cell", { name: /午间秒杀/ }).waitFor();
    await screenshot(admin, "admin-flash-sales-en");
  });
});
