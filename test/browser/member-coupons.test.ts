import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const phone = "13800000077";
/** Polls past a page load on a busy machine (expect.poll gives up after one second by default). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

const clerk = { name: "赵店员", email: "coupon-clerk@example.com", password: "clerk password 1" };

describe("coupons: a member claims one in the coupon centre, a clerk redeems it at the counter", () => {
  let world: BrowserWorld;
  let member: Page;
  let clerkPage: Page;
  let couponCode = "";
  const errors: string[][] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    const owner = await setupShop(world.baseUrl, {
      name: "青柠咖啡",
      slug: "lime",
      timeZone: "Asia/Shanghai",
    });
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/stores", { code: "S01", name: "西湖店" });
    await staffRequest(world.baseUrl, owner, "POST", "/api/v1/customers", { name: "陈会员", phone });
    const template = (body: object) =>
      staffRequest(world.baseUrl, owner, "POST", "/api/v1/coupon-templates", {
        validity: { type: "days_after_issue", days: 30 },
        claimable: true,
        ...body,
      });
    await template({
      name: "饮品八折券",
      description: "工作日饮品八折，最高减 20 元",
      rule: {
        kind: "percent_off",
        percentOff: 20,
        maxDiscount: 2000,
        scope: { includeCategories: ["饮品"] },
        schedule: { weekdays: [1, 2, 3, 4, 5] },
      },
      stock: 0,
    });
    await template({
      name: "满100减10",
      description: "全场通用，结账时向店员出示",
      rule: { kind: "amount_off", amountOff: 1000, minSpend: 10000 },
      stock: 100,
      perCustomerLimit: 1,
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

    member = await (await newPhoneContext(world.browser, world.baseUrl)).newPage();
    errors.push(collectPageErrors(member));
    clerkPage = await (await newPhoneContext(world.browser, world.baseUrl)).newPage();
    errors.push(collectPageErrors(clerkPage));
  });
  afterEach(() => {
    for (const list of errors) expect(list).toEqual([]);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("lets a member claim a coupon in the coupon centre and show it as a QR code", async () => {
    await member.goto("/m/lime");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();

    await member.getByTestId("coupons-entry").click();
    await member.getByText("还没有可用的优惠券").waitFor();
    await screenshot(member, "member-coupons-empty");
    await member.getByRole("button", { name: "去领券中心" }).click();

    await poll(() => member.getByTestId("centre-coupon").count()).toBe(2);
    const soldOut = member.getByTestId("centre-coupon").filter({ hasText: "饮品八折券" });
    expect(await soldOut.textContent()).toContain("已领完");
    expect(await soldOut.textContent()).toContain("限品类：饮品");
    expect(await soldOut.textContent()).toContain("仅周一、周二、周三、周四、周五可用");
    const offer = member.getByTestId("centre-coupon").filter({ hasText: "满100减10" });
    expect(await offer.textContent()).toContain("满¥100可用");
    expect(await offer.textContent()).toContain("剩余 100 张");
    await screenshot(member, "member-coupon-centre");

    await offer.getByTestId("centre-claim").click();
    await member.getByText("领取成功，已放入我的优惠券").waitFor();
    await poll(() => offer.getByTestId("centre-blocked").textContent()).toBe("已达领取上限");
    expect(await offer.textContent()).toContain("剩余 99 张");
    await screenshot(member, "member-coupon-centre-claimed");

    await member.goto("/m/lime");
    await poll(() => member.getByTestId("coupons-count").textContent()).toBe("1");
    await screenshot(member, "member-home-coupons");
    await member.getByTestId("coupons-entry").click();
    const mine = member.getByTestId("my-coupon");
    await poll(() => mine.count()).toBe(1);
    expect(await mine.first().getAttribute("data-status")).toBe("available");
    expect(await mine.first().textContent()).toContain("¥10");
    await screenshot(member, "member-my-coupons");

    await mine.first().click();
    const detail = member.getByTestId("coupon-detail");
    await detail.getByTestId("coupon-qr").waitFor();
    couponCode = ((await detail.getByTestId("coupon-code").textContent()) ?? "").trim();
    expect(couponCode).toMatch(/^[2-9A-HJ-NP-Z]{4} [2-9A-HJ-NP-Z]{4} [2-9A-HJ-NP-Z]{4}$/);
    expect(await member.locator(".qm-page").textContent()).toContain("全场通用，结账时向店员出示");
    await screenshot(member, "member-coupon-qr");
  });

  it("lets a clerk on a phone type the code and an amount, see the discount and redeem it once", async () => {
    await clerkPage.goto("/admin");
    await clerkPage.getByLabel("邮箱或手机号").fill(clerk.email);
    await clerkPage.getByLabel("密码").fill(clerk.password);
    await clerkPage.getByRole("button", { name: "登录" }).click();
    await clerkPage.waitForURL(/\/admin\//);
    await clerkPage.goto("/admin/promotions/coupon-verify");
    await clerkPage.getByTestId("coupon-verify-code").waitFor();

    await clerkPage.getByTestId("coupon-verify-code").fill("ABCD EFGH JKMN");
    // A scanner gun types the code and Enter: the amount is next.
    await clerkPage.getByTestId("coupon-verify-code").press("Enter");
    await poll(() =>
      clerkPage.getByTestId("coupon-verify-amount").evaluate((input) => input === document.activeElement),
    ).toBe(true);
    await clerkPage.getByTestId("coupon-verify-amount").fill("128");
    await clerkPage.getByTestId("coupon-verify-lookup").click();
    await poll(() => clerkPage.getByTestId("coupon-verify-problem").textContent()).toContain(
      "本店没有这个券码",
    );

    await clerkPage.getByTestId("coupon-verify-store").click();
    await clerkPage.getByText("西湖店 (S01)").click();
    await clerkPage.getByTestId("coupon-verify-code").fill(couponCode.toLowerCase());
    await clerkPage.getByTestId("coupon-verify-amount").fill("88.5");
    await clerkPage.getByTestId("coupon-verify-lookup").click();
    const card = clerkPage.getByTestId("coupon-verify-card");
    await card.waitFor();
    expect(await card.textContent()).toContain("陈会员");
    expect(await clerkPage.getByTestId("coupon-verify-rejection").textContent()).toContain("还差11.50元");
    expect(await clerkPage.getByTestId("coupon-verify-confirm").count()).toBe(0);
    await screenshot(clerkPage, "admin-coupon-verify-below-minimum-phone");

    await clerkPage.getByTestId("coupon-verify-amount").fill("128");
    await clerkPage.getByTestId("coupon-verify-lookup").click();
    await clerkPage.getByTestId("coupon-verify-card").waitFor();
    expect(await clerkPage.getByTestId("coupon-verify-discount").textContent()).toBe("-¥10.00");
    expect(await clerkPage.getByTestId("coupon-verify-payable").textContent()).toBe("¥118.00");
    expect(await clerkPage.getByTestId("coupon-verify-status").textContent()).toBe("可使用");
    await screenshot(clerkPage, "admin-coupon-verify-phone");

    await clerkPage.getByTestId("coupon-verify-confirm").click();
    await clerkPage.getByText("核销成功").waitFor();
    expect(await clerkPage.getByTestId("coupon-verify-done").textContent()).toContain(
      "满100减10：优惠 ¥10.00，应收 ¥118.00",
    );
    await screenshot(clerkPage, "admin-coupon-verified-phone");

    await clerkPage.getByTestId("coupon-verify-next").click();
    await clerkPage.getByTestId("coupon-verify-code").fill(couponCode);
    await clerkPage.getByTestId("coupon-verify-amount").fill("128");
    await clerkPage.getByTestId("coupon-verify-lookup").click();
    await clerkPage.getByTestId("coupon-verify-card").waitFor();
    expect(await clerkPage.getByTestId("coupon-verify-status").textContent()).toBe("已使用");
    expect(await clerkPage.getByTestId("coupon-verify-rejection").textContent()).toContain("优惠券已使用");
    expect(await clerkPage.getByTestId("coupon-verify-confirm").count()).toBe(0);
  });

  it("shows the member the coupon as used, and the pages read in English too", async () => {
    await member.goto("/m/lime/coupons?tab=used");
    const used = member.getByTestId("my-coupon");
    await poll(() => used.count()).toBe(1);
    expect(await used.first().getAttribute("data-status")).toBe("redeemed");
    expect(await used.first().textContent()).toContain("已使用");
    await screenshot(member, "member-my-coupons-used");
    await used.first().click();
    await poll(() => member.getByTestId("coupon-detail").getAttribute("data-status")).toBe("redeemed");
    expect(await member.getByTestId("coupon-qr").count()).toBe(0);

    await member.goto("/m/lime/coupons");
    await member.getByText("还没有可用的优惠券").waitFor();
    await member.getByTestId("bind-code").click();
    await member.getByTestId("bind-code-input").locator("input").fill("abcd");
    await member.getByTestId("bind-code-submit").click();
    await poll(() => member.getByTestId("bind-code-problem").textContent()).toContain(
      "兑换码是 12 位字母和数字",
    );
    await member.getByTestId("bind-code-input").locator("input").fill("abcd-efgh-jkmn");
    await member.getByTestId("bind-code-submit").click();
    await poll(() => member.getByTestId("bind-code-problem").textContent()).toBe(
      "兑换码不存在，请检查后重新输入",
    );
    await screenshot(member, "member-coupon-bind-unknown", { fullPage: false });
    await member.keyboard.press("Escape");

    await member.evaluate(() => localStorage.setItem("quanzi.member.locale", "en"));
    await member.goto("/m/lime/coupons/centre");
    await poll(() => member.getByTestId("centre-coupon").count()).toBe(2);
    const offer = member.getByTestId("centre-coupon").filter({ hasText: "满100减10" });
    expect(await offer.textContent()).toContain("On ¥100 or more");
    expect(await offer.textContent()).toContain("Limit reached");
    await screenshot(member, "member-coupon-centre-en");

    await clerkPage.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await clerkPage.goto("/admin/promotions/coupon-verify");
    await clerkPage.getByTestId("coupon-verify-code").fill(couponCode);
    await clerkPage.getByTestId("coupon-verify-amount").fill("128");
    await clerkPage.getByTestId("coupon-verify-lookup").click();
    await clerkPage.getByTestId("coupon-verify-card").waitFor();
    expect(await clerkPage.getByTestId("coupon-verify-status").textContent()).toBe("Used");
    expect(await clerkPage.getByTestId("coupon-verify-rejection").textContent()).toContain(
      "The coupon has already been used",
    );
    await screenshot(clerkPage, "admin-coupon-verify-used-en-phone");
  });
});
