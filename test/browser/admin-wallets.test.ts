import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createOrder, type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "李店主", email: "owner@example.com", password: "correct horse battery" };
const memberPhone = "13800000021";

type Balance = { balance: number; available: number; pending: number; principal?: number; bonus?: number };

describe("admin console and member page: points (积分) and stored value (储值)", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let apiKey: string;
  let desktop: BrowserContext;
  let page: Page;
  let errors: string[];
  let customerId = "";

  const pointsOf = () =>
    staffRequest<Balance>(world.baseUrl, session, "GET", `/api/v1/customers/${customerId}/points`);
  const storedValueOf = () =>
    staffRequest<Balance>(world.baseUrl, session, "GET", `/api/v1/customers/${customerId}/stored-value`);

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "茶语轩", slug: "tea", timeZone: "Asia/Shanghai" },
      owner,
    );
    apiKey = await createApiKey(world.baseUrl, session);
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    page = await desktop.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/loyalty/points");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterAll(async () => {
    await desktop?.close();
    await world?.close();
  });

  it("sets a shop points rule from an empty state that says what to do, previewed in words", async () => {
    const rules = page.getByTestId("earn-rules");
    await rules.getByText("还没有积分规则").waitFor();
    await screenshot(page, "admin-points-rules-empty");

    await page.getByTestId("add-earn-rule").click();
    const preview = page.getByTestId("earn-rule-preview");
    await preview.waitFor();
    expect(await preview.textContent()).toBe("每消费 ¥1 得 1 积分");
    await page.getByTestId("earn-rule-points").fill("2");
    await expect.poll(() => preview.textContent()).toBe("每消费 ¥1 得 2 积分");
    await page.getByTestId("earn-rule-points").fill("1");
    await expect.poll(() => preview.textContent()).toBe("每消费 ¥1 得 1 积分");
    await screenshot(page, "admin-points-rule-modal", { fullPage: false });
    await page.locator("#earn-rule-submit").click();
    await expect
      .poll(() => rules.getByTestId("earn-rule-text").allTextContents())
      .toEqual(["每消费 ¥1 得 1 积分"]);

    // A category rule is listed after the shop rule, and can be deleted again.
    await page.getByTestId("add-earn-rule").click();
    await page.locator(".ant-modal").getByText("商品分类", { exact: true }).first().click();
    await page.getByTestId("earn-rule-category").fill("茶具");
    await page.getByTestId("earn-rule-step").fill("10");
    await page.getByTestId("earn-rule-points").fill("3");
    await expect.poll(() => preview.textContent()).toBe("每消费 ¥10 得 3 积分");
    await page.locator("#earn-rule-submit").click();
    await expect
      .poll(() => rules.getByTestId("earn-rule-text").allTextContents())
      .toEqual(["每消费 ¥1 得 1 积分", "每消费 ¥10 得 3 积分"]);
    await rules.getByRole("row", { name: /茶具/ }).getByRole("button", { name: /删除/ }).click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s?定/ })
      .click();
    await page.getByText("规则已删除").waitFor();
    await expect
      .poll(() => rules.getByTestId("earn-rule-text").allTextContents())
      .toEqual(["每消费 ¥1 得 1 积分"]);

    // Points expire 12 months after earning; the pending period stays at its default of 7 days.
    await page.getByTestId("points-expiry-kind").click();
    await page.getByTitle("获得后按月过期").click();
    await page.getByTestId("points-expiry-months").waitFor();
    await page.getByTestId("save-points-settings").click();
    await page.getByText("设置已保存").waitFor();
    const settings = await staffRequest<{ pointsExpiry: unknown; pointsPendingDays: number }>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/loyalty/settings",
    );
    expect(settings.pointsExpiry).toEqual({ kind: "months", months: 12 });
    expect(settings.pointsPendingDays).toBe(7);
    await screenshot(page, "admin-points-rules");
    expect(errors).toEqual([]);
  });

  it("shows an order's points as pending on the customer 360 page, and adjusts them with a required note", async () => {
    const order = await createOrder(world.baseUrl, apiKey, {
      externalId: "W1",
      customer: { phone: memberPhone, name: "周小茶" },
      placedAt: new Date().toISOString(),
      items: [{ sku: "TEA", name: "龙井 250g", category: "茶叶", quantity: 1, unitPrice: 8_850 }],
    });
    customerId = order.customerId ?? "";
    expect(await pointsOf()).toMatchObject({ balance: 88, available: 0, pending: 88 });

    await page.goto(`/admin/customers/${customerId}`);
    const card = page.getByTestId("customer-points");
    await card.getByTestId("points-entries").getByText("消费得积分").waitFor();
    expect(await card.getByTestId("points-balance").textContent()).toContain("88");
    expect(await card.getByTestId("points-pending").textContent()).toContain("88");
    expect(await card.getByTestId("points-available").textContent()).toContain("0");

    await card.getByTestId("adjust-points").click();
    await page.getByTestId("points-adjust-points").fill("50");
    await page.locator("#points-adjust-submit").click();
    await page.getByText("请填写调整原因").waitFor();
    await page.getByTestId("points-adjust-note").fill("补录线下消费");
    await screenshot(page, "admin-points-adjust", { fullPage: false });
    await page.locator("#points-adjust-submit").click();
    await page.getByText("积分已调整").waitFor();
    await card.getByTestId("points-entries").getByText("补录线下消费").waitFor();
    await expect.poll(async () => card.getByTestId("points-available").textContent()).toContain("50");
    expect(await pointsOf()).toMatchObject({ balance: 138, available: 50, pending: 88 });

    // Taking more than is available is refused beside the field, and nothing is taken.
    await card.getByTestId("adjust-points").click();
    await page.locator(".ant-modal").getByText("扣减", { exact: true }).click();
    await page.getByTestId("points-adjust-points").fill("80");
    await page.getByTestId("points-adjust-note").fill("兑换礼品");
    await page.locator("#points-adjust-submit").click();
    await page.getByText("可用积分不足，当前只有 50 积分可扣").waitFor();
    await screenshot(page, "admin-points-adjust-insufficient", { fullPage: false });
    await page.getByRole("button", { name: "取消" }).click();
    expect(await pointsOf()).toMatchObject({ balance: 138, available: 50 });
    expect(errors).toEqual([]);
  });

  it("sets a 充500送50 tier, tops up ¥600 with the bonus shown live, pays ¥100, refunds a top-up and part of the payment", async () => {
    await page.goto("/admin/loyalty/stored-value");
    const tiers = page.getByTestId("bonus-tiers");
    await tiers.getByText("还没有充值赠送档位").waitFor();
    await page.getByTestId("add-bonus-tier").click();
    await page.getByTestId("bonus-tier-min").fill("500");
    await page.getByTestId("bonus-tier-bonus").fill("50");
    await expect.poll(() => page.getByTestId("bonus-tier-preview").textContent()).toBe("充 ¥500 送 ¥50");
    await page.locator("#bonus-tier-submit").click();
    await expect
      .poll(() => tiers.getByTestId("bonus-tier-text").allTextContents())
      .toEqual(["充 ¥500 送 ¥50"]);
    await screenshot(page, "admin-stored-value");

    await page.goto(`/admin/customers/${customerId}`);
    const card = page.getByTestId("customer-stored-value");
    await card.getByText("还没有充值").waitFor();
    await card.getByTestId("topup").click();
    await page.getByTestId("topup-amount").fill("400");
    await expect
      .poll(() => page.getByTestId("topup-bonus-preview").textContent())
      .toContain("未达到赠送档位");
    await page.getByTestId("topup-amount").fill("600");
    await expect
      .poll(() => page.getByTestId("topup-bonus-preview").textContent())
      .toBe("将赠送 ¥50.00（充 ¥500 送 ¥50），到账共 ¥650.00");
    await screenshot(page, "admin-stored-value-topup", { fullPage: false });
    await page.locator("#topup-submit").click();
    await page.getByText("充值成功").waitFor();
    await expect.poll(() => card.getByTestId("sv-principal").textContent()).toContain("¥600.00");
    expect(await card.getByTestId("sv-bonus").textContent()).toContain("¥50.00");
    expect(await card.getByTestId("sv-balance").textContent()).toContain("¥650.00");

    // Paying more than the balance is refused beside the amount; ¥100 goes through, principal first.
    await card.getByTestId("pay").click();
    await page.getByTestId("pay-amount").fill("1000");
    await page.locator("#pay-submit").click();
    await page.getByText("储值余额不足，可用 ¥650.00").waitFor();
    await page.getByTestId("pay-amount").fill("100");
    await page.locator("#pay-submit").click();
    await page.getByText("已从储值扣款").waitFor();
    await expect.poll(() => card.getByTestId("sv-principal").textContent()).toContain("¥500.00");
    expect(await storedValueOf()).toMatchObject({ balance: 55_000, principal: 50_000, bonus: 5_000 });

    // A second top-up of ¥100 (no tier reached) is refunded from the list.
    await card.getByTestId("topup").click();
    await page.getByTestId("topup-amount").fill("100");
    await page.locator("#topup-submit").click();
    await page.getByText("充值成功").first().waitFor();
    await expect.poll(() => card.getByTestId("sv-balance").textContent()).toContain("¥650.00");
    await expect.poll(() => card.getByTestId("refund-topup").count()).toBe(2);
    await card
      .getByTestId("topups")
      .getByRole("row", { name: /¥100\.00/ })
      .getByTestId("refund-topup")
      .click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s?定/ })
      .click();
    await page.getByText("充值已退款").waitFor();
    await expect.poll(() => card.getByTestId("sv-balance").textContent()).toContain("¥550.00");
    expect(await storedValueOf()).toMatchObject({ balance: 55_000, principal: 50_000, bonus: 5_000 });
    await card.getByRole("tab", { name: "余额明细" }).click();
    await card.getByTestId("sv-entries").getByText("充值赠送").waitFor();

    // The ¥100 payment is refunded in part: more than was paid is refused beside the amount, ¥40 goes back.
    await card.getByTestId("refund-payment").click();
    await page.getByTestId("payment-refund-amount").fill("200");
    await page.locator("#payment-refund-submit").click();
    await page.getByText("最多还能退回 ¥100.00").waitFor();
    await screenshot(page, "admin-stored-value-payment-refund", { fullPage: false });
    await page.getByTestId("payment-refund-amount").fill("40");
    await page.locator("#payment-refund-submit").click();
    await page.getByText("已退回储值").waitFor();
    await expect.poll(() => card.getByTestId("sv-balance").textContent()).toContain("¥590.00");
    expect(await storedValueOf()).toMatchObject({ balance: 59_000, principal: 54_000, bonus: 5_000 });
    await card.getByTestId("sv-entries").getByText("消费退款退回储值").waitFor();
    await screenshot(page, "admin-customer-wallets");
    expect(errors).toEqual([]);
  });

  it("shows the wallets in English and fits a phone-width console", async () => {
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.goto(`/admin/customers/${customerId}`);
    await page.getByTestId("customer-points").getByText("Manual adjustment").waitFor();
    await page.getByTestId("customer-stored-value").getByText("Principal").waitFor();
    await screenshot(page, "admin-customer-wallets-en");
    await page.goto("/admin/loyalty/points");
    await page.getByText("Points per ¥1 spent: 1").waitFor();
    await screenshot(page, "admin-points-rules-en");
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));

    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const staffPage = await phone.newPage();
    const phoneErrors = collectPageErrors(staffPage);
    await staffPage.goto(`/admin/customers/${customerId}`);
    await staffPage.getByLabel("邮箱或手机号").fill(owner.email);
    await staffPage.getByLabel("密码").fill(owner.password);
    await staffPage.getByRole("button", { name: "登录" }).click();
    await staffPage.getByTestId("customer-points").getByText("补录线下消费").waitFor();
    await staffPage.getByTestId("sv-principal").waitFor();
    const overflow = await staffPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(staffPage, "admin-customer-wallets-phone");
    for (const [path, name] of [
      ["/admin/loyalty/points", "admin-points-rules-phone"],
      ["/admin/loyalty/stored-value", "admin-stored-value-phone"],
    ] as const) {
      await staffPage.goto(path);
      await staffPage
        .getByTestId(name.startsWith("admin-points") ? "earn-rule-text" : "bonus-tier-text")
        .waitFor();
      const wide = await staffPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wide, path).toBeLessThanOrEqual(0);
      await screenshot(staffPage, name);
    }
    expect(phoneErrors).toEqual([]);
    await phone.close();
    expect(errors).toEqual([]);
  });

  it("shows a signed-in member their points with what is pending, and their stored value split, with histories", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const member = await phone.newPage();
    const memberErrors = collectPageErrors(member);
    await member.goto("/m/tea");
    await member.getByPlaceholder("请输入手机号").fill(memberPhone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(memberPhone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();

    await member.getByTestId("member-points-card").waitFor();
    expect(await member.getByTestId("member-points-balance").textContent()).toBe("138");
    expect(await member.getByTestId("member-points-pending").textContent()).toBe("可用 50待生效 88");
    await member.getByTestId("member-stored-value-card").waitFor();
    expect(await member.getByTestId("member-stored-value-balance").textContent()).toBe("¥590.00");
    expect(await member.getByTestId("member-stored-value-split").textContent()).toBe(
      "本金 ¥540.00赠送 ¥50.00",
    );
    await member.getByText("W1").waitFor();
    await screenshot(member, "member-wallets");

    await member.getByTestId("member-points-card").click();
    const points = member.getByTestId("member-points-entries");
    await points.getByText("人工调整").waitFor();
    expect(await points.textContent()).toContain("消费得积分");
    expect(await points.textContent()).toContain("+88");
    await screenshot(member, "member-points-history");

    await member.goto("/m/tea/stored-value");
    const stored = member.getByTestId("member-stored-value-entries");
    await stored.getByText("充值赠送").waitFor();
    expect(await stored.textContent()).toContain("储值消费");
    expect(await stored.textContent()).toContain("-¥100.00");
    await screenshot(member, "member-stored-value-history");

    await member.locator(".qm-lang").first().click();
    await stored.getByText("Top-up bonus").waitFor();
    await screenshot(member, "member-stored-value-history-en");
    await member.goto("/m/tea");
    await member.getByText("My points").waitFor();
    await member.getByText("W1").waitFor();
    await screenshot(member, "member-wallets-en");
    expect(memberErrors).toEqual([]);
    await phone.close();
  });
});
