import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const phone = "13800000088";
const clerk = { name: "王店员", email: "clerk@example.com", password: "clerk password 1" };

/** Gives the member points through the integrator API, as a POS would. */
async function earn(baseUrl: string, apiKey: string, customerId: string, points: number) {
  const res = await fetch(`${baseUrl}/api/v1/customers/${customerId}/points/earn`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
    },
    body: JSON.stringify({ points }),
  });
  if (res.status !== 201) throw new Error(`earn → ${res.status} ${await res.text()}`);
}

describe("points mall: a member exchanges, a clerk verifies", () => {
  let world: BrowserWorld;
  let owner: Awaited<ReturnType<typeof setupShop>>;
  let desktop: BrowserContext;
  let phonePage: Page;
  let admin: Page;
  let clerkPage: Page;
  let pickupCode = "";
  const errors: string[][] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    owner = await setupShop(world.baseUrl, { name: "鲜果铺", slug: "fresh", timeZone: "Asia/Shanghai" });
    const apiKey = await createApiKey(world.baseUrl, owner);
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/stores", { code: "S01", name: "人民路店" });
    const customer = await staffRequest<{ id: string }>(world.baseUrl, owner, "POST", "/api/v1/customers", {
      name: "李会员",
      phone,
    });
    await earn(world.baseUrl, apiKey, customer.id, 1000);
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/mall/items", {
      kind: "service",
      name: "手冲咖啡一杯",
      description: "任意门店可领，限当日饮用",
      pointsPrice: 300,
      cashPrice: 500,
      perMemberLimit: 2,
      pickupDays: 7,
      sortOrder: 2,
    });
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/mall/items", {
      kind: "physical",
      name: "限量帆布袋",
      pointsPrice: 5000,
      stock: 0,
      sortOrder: 3,
    });
    const invitation = await staffRequest<{ acceptUrl: string }>(
      world.baseUrl,
      owner,
      "POST",
      "/api/v1/staff/invitations",
      { email: clerk.email, role: "clerk" },
    );
    const token = invitation.acceptUrl.split("/").filter(Boolean).at(-1);
    const accepted = await fetch(`${world.baseUrl}/api/auth/invitations/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-requested-with": "quanzi" },
      body: JSON.stringify({ name: clerk.name, password: clerk.password }),
    });
    if (!accepted.ok) throw new Error(`accept → ${accepted.status} ${await accepted.text()}`);

    desktop = await newDesktopContext(world.browser, world.baseUrl);
    admin = await desktop.newPage();
    errors.push(collectPageErrors(admin));
    const memberContext = await newPhoneContext(world.browser, world.baseUrl);
    phonePage = await memberContext.newPage();
    errors.push(collectPageErrors(phonePage));
    const clerkContext = await newPhoneContext(world.browser, world.baseUrl);
    clerkPage = await clerkContext.newPage();
    errors.push(collectPageErrors(clerkPage));
  });
  afterEach(() => {
    for (const list of errors) expect(list).toEqual([]);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("lets the owner add an item in the console, with the price and stock shown", async () => {
    await admin.goto("/admin");
    await admin.getByLabel("邮箱或手机号").fill(owner.owner.email);
    await admin.getByLabel("密码").fill(owner.owner.password);
    await admin.getByRole("button", { name: "登录" }).click();
    await admin.getByRole("menuitem", { name: "积分商城" }).click();
    await admin.getByRole("cell", { name: /手冲咖啡一杯/ }).waitFor();

    await admin.getByRole("button", { name: "添加商品" }).first().click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("商品").fill("环保水杯");
    await dialog.getByLabel("积分价").fill("200");
    await dialog.getByLabel("库存", { exact: true }).fill("5");
    await screenshot(admin, "admin-mall-item-form");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await admin.getByRole("cell", { name: /环保水杯/ }).waitFor();
    const row = admin.getByRole("row", { name: /环保水杯/ });
    expect(await row.textContent()).toContain("200 积分");
    expect(await admin.getByRole("row", { name: /手冲咖啡一杯/ }).textContent()).toContain(
      "300 积分 + ¥5.00",
    );
    await screenshot(admin, "admin-mall-items");
  });

  it("lets a member with points exchange an item and see its pickup code as QR and digits", async () => {
    await phonePage.goto("/m/fresh");
    await phonePage.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await phonePage.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await phonePage.getByPlaceholder("6 位验证码").fill(code);
    await phonePage.getByRole("button", { name: "登录" }).click();

    await phonePage.goto("/m/fresh/mall/exchanges");
    await phonePage.getByText("还没有兑换记录").waitFor();
    await screenshot(phonePage, "member-mall-exchanges-empty");
    await phonePage.goto("/m/fresh");
    // The My page's cards (level, wallets, inbox, communities) load on their own; let them settle so
    // the entry does not move under the tap.
    await phonePage.waitForLoadState("networkidle");
    await phonePage.getByTestId("mall-entry").click();
    await phonePage.waitForURL(/\/m\/fresh\/mall$/);
    await expect.poll(() => phonePage.getByTestId("mall-balance").textContent()).toBe("1000");
    await expect.poll(() => phonePage.getByTestId("mall-item").count()).toBe(3);
    expect(
      await phonePage.getByTestId("mall-item").filter({ hasText: "限量帆布袋" }).textContent(),
    ).toContain("已兑完");
    await screenshot(phonePage, "member-mall");

    await phonePage.getByTestId("mall-item").filter({ hasText: "手冲咖啡一杯" }).click();
    await phonePage.getByTestId("mall-item-name").waitFor();
    expect(await phonePage.locator("main, .qm-page").first().textContent()).toContain(
      "每人限 2 件，还可兑 2 件",
    );
    await screenshot(phonePage, "member-mall-item");
    await phonePage.getByTestId("mall-exchange").click();
    await phonePage.getByText("将使用 300 积分兑换「手冲咖啡一杯」× 1").waitFor();
    await screenshot(phonePage, "member-mall-confirm", { fullPage: false });
    await phonePage.getByRole("button", { name: "确认兑换" }).click();

    const card = phonePage.getByTestId("exchange-card").first();
    await card.waitFor();
    expect(await card.getAttribute("data-status")).toBe("awaiting_pickup");
    await card.getByTestId("exchange-qr").waitFor();
    const digits = (await card.getByTestId("exchange-code").textContent()) ?? "";
    expect(digits).toMatch(/^\d{4} \d{4} \d{4}$/);
    pickupCode = digits;
    await screenshot(phonePage, "member-mall-exchanges");

    await phonePage.goto("/m/fresh/mall");
    await expect.poll(() => phonePage.getByTestId("mall-balance").textContent()).toBe("700");
  });

  it("lets a clerk on a phone look the code up, see what to hand over and verify it once", async () => {
    await clerkPage.goto("/admin");
    await clerkPage.getByLabel("邮箱或手机号").fill(clerk.email);
    await clerkPage.getByLabel("密码").fill(clerk.password);
    await clerkPage.getByRole("button", { name: "登录" }).click();
    await clerkPage.waitForURL(/\/admin\//);
    await clerkPage.goto("/admin/loyalty/pickup");
    await clerkPage.getByTestId("verify-code").waitFor();

    await clerkPage.getByTestId("verify-code").fill("0000 0000 0000");
    await clerkPage.getByTestId("verify-lookup").click();
    await expect
      .poll(() => clerkPage.getByTestId("verify-problem").textContent())
      .toContain("找不到这个兑换码");

    await clerkPage.getByTestId("verify-store").click();
    await clerkPage.getByText("人民路店 (S01)").click();
    await clerkPage.getByTestId("verify-code").fill(pickupCode.replaceAll(" ", ""));
    await clerkPage.getByTestId("verify-lookup").click();
    const card = clerkPage.getByTestId("verify-card");
    await card.waitFor();
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("手冲咖啡一杯 × 1");
    expect(text).toContain("李会员");
    expect(text).toContain("待领取");
    expect(text).toContain("请向会员收取现金 ¥5.00");
    await screenshot(clerkPage, "admin-mall-verify-phone");

    await clerkPage.getByTestId("verify-confirm").click();
    await clerkPage.getByText("核销成功").waitFor();
    await screenshot(clerkPage, "admin-mall-verified-phone");

    await clerkPage.getByTestId("verify-next").click();
    await clerkPage.getByTestId("verify-code").fill(pickupCode);
    await clerkPage.getByTestId("verify-lookup").click();
    await clerkPage.getByTestId("verify-card").waitFor();
    expect(await clerkPage.getByTestId("verify-card").textContent()).toContain("人民路店");
    expect(await clerkPage.getByTestId("verify-confirm").count()).toBe(0);

    await phonePage.goto("/m/fresh/mall/exchanges");
    await expect
      .poll(() => phonePage.getByTestId("exchange-card").first().getAttribute("data-status"))
      .toBe("verified");
  });

  it("lists the exchange order in the console as picked up, filterable by status, in English too", async () => {
    await admin.goto("/admin/loyalty/exchanges");
    const row = admin.getByRole("row", { name: /手冲咖啡一杯/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("已核销");
    expect(await row.textContent()).toContain("人民路店");
    await screenshot(admin, "admin-mall-exchanges");

    await admin.getByTestId("exchange-status-filter").click();
    await admin.getByTitle("待领取").click();
    await admin.getByText("没有符合条件的兑换订单").waitFor();

    await admin.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await admin.goto("/admin/loyalty/mall");
    await admin.getByRole("cell", { name: /环保水杯/ }).waitFor();
    await screenshot(admin, "admin-mall-items-en");
  });
});
