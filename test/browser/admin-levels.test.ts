import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseOption } from "./support/antd.js";
import { createApiKey, createOrder, type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "李店主", email: "owner@example.com", password: "correct horse battery" };
const goldPhone = "13800000003";

type Counts = { data: { name: string; count: number }[] };

describe("admin console and member page: member levels (会员等级)", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let desktop: BrowserContext;
  let page: Page;
  let errors: string[];
  const customers: Record<string, string> = {};

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "茶语轩", slug: "tea", timeZone: "Asia/Shanghai" },
      owner,
    );
    const apiKey = await createApiKey(world.baseUrl, session);
    // ¥200, ¥1,500 and ¥6,000 of spend: the suggested ladder (¥0 / ¥1,000 / ¥5,000 / ¥20,000) puts one on each of
    // its first three levels.
    const spend = [
      ["T1", "13800000001", "赵一", 20_000],
      ["T2", "13800000002", "钱二", 150_000],
      ["T3", goldPhone, "孙三", 600_000],
    ] as const;
    for (const [externalId, phone, name, unitPrice] of spend) {
      const order = await createOrder(world.baseUrl, apiKey, {
        externalId,
        customer: { phone, name },
        placedAt: "2026-11-01T10:00:00+08:00",
        items: [{ sku: "TEA", name: "龙井 250g", category: "茶叶", quantity: 1, unitPrice }],
      });
      customers[name] = order.customerId ?? "";
    }
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    page = await desktop.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/loyalty/levels");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterAll(async () => {
    await desktop?.close();
    await world?.close();
  });

  it("starts from an empty state that says what to do, then previews the suggested ladder", async () => {
    await page.getByTestId("levels-empty").waitFor();
    expect(await page.getByTestId("levels-empty").textContent()).toContain("使用推荐等级");
    await screenshot(page, "admin-levels-empty");

    await page.getByTestId("use-suggested-levels").click();
    await expect.poll(() => page.getByTestId("level-card").count()).toBe(4);
    await expect.poll(() => page.getByTestId("level-preview-2").textContent()).toBe("预览 1 人");
    expect(await page.getByTestId("level-preview-0").textContent()).toBe("预览 1 人");
    expect(await page.getByTestId("level-preview-1").textContent()).toBe("预览 1 人");
    expect(await page.getByTestId("level-preview-3").textContent()).toBe("预览 0 人");
    await page.getByTestId("level-preview-chart").locator("canvas").waitFor();
    await screenshot(page, "admin-levels-preview");
    expect(errors).toEqual([]);
  });

  it("shows a threshold that does not rise next to that level, and clears it when fixed", async () => {
    const threshold = page.getByTestId("level-threshold-2");
    await threshold.fill("500");
    await page.getByText("门槛须高于上一等级（第一级为 0）").waitFor();
    await screenshot(page, "admin-levels-threshold-error", { fullPage: false });
    await threshold.fill("5000");
    await expect.poll(() => page.getByText("门槛须高于上一等级（第一级为 0）").count()).toBe(0);
    await expect.poll(() => page.getByTestId("level-preview-2").textContent()).toBe("预览 1 人");
  });

  it("saves, re-places everyone, and the counts after saving equal the preview", async () => {
    await page.getByTestId("save-levels").click();
    await page.getByTestId("levels-job-done").waitFor({ timeout: 20_000 });
    const after = await staffRequest<Counts>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/loyalty/levels/distribution",
    );
    expect(after.data.map((l) => [l.name, l.count])).toEqual([
      ["普通会员", 1],
      ["银卡会员", 1],
      ["金卡会员", 1],
      ["钻石会员", 0],
    ]);
    await expect.poll(() => page.getByText("当前 1 人").count()).toBe(3);
    await screenshot(page, "admin-levels-saved");
    expect(errors).toEqual([]);
  });

  it("shows the level and its history on the customer 360 page, in Chinese and in English", async () => {
    await page.goto(`/admin/customers/${customers.孙三}`);
    const card = page.getByTestId("customer-level");
    await card.getByTestId("customer-level-name").waitFor();
    expect(await card.getByTestId("customer-level-name").textContent()).toBe("金卡会员");
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("距 钻石会员 还差 ¥14,000.00");
    expect(text).toContain("规则调整");
    await screenshot(page, "admin-levels-customer-360");

    // Staff with loyalty:manage put 赵一 on a level by hand from the same card.
    await page.goto(`/admin/customers/${customers.赵一}`);
    const zhao = page.getByTestId("customer-level");
    await expect.poll(() => zhao.getByTestId("customer-level-name").textContent()).toBe("普通会员");
    await chooseOption(page, page.getByTestId("set-level-select"), "银卡会员", { partial: true });
    await page.getByTestId("set-level").click();
    await expect.poll(() => zhao.getByTestId("customer-level-name").textContent()).toBe("银卡会员");
    expect(await zhao.textContent()).toContain("手动调整");
    expect(await zhao.textContent()).toContain("普通会员 → 银卡会员");
    await screenshot(page, "admin-levels-manual");

    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.goto("/admin/loyalty/levels");
    await page.getByText("Members per level (preview)").waitFor();
    // 赵一 now sits on Silver by hand: 0 / 2 / 1 / 0.
    await expect.poll(() => page.getByText("2 now", { exact: true }).count()).toBe(1);
    await screenshot(page, "admin-levels-en");
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));
    expect(errors).toEqual([]);
  });

  it("fits a phone-width console", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const staffPage = await phone.newPage();
    const phoneErrors = collectPageErrors(staffPage);
    await staffPage.goto("/admin/loyalty/levels");
    await staffPage.getByLabel("邮箱或手机号").fill(owner.email);
    await staffPage.getByLabel("密码").fill(owner.password);
    await staffPage.getByRole("button", { name: "登录" }).click();
    await staffPage.getByTestId("level-card").first().waitFor({ timeout: 30_000 });
    await expect.poll(() => staffPage.getByTestId("level-card").count()).toBe(4);
    const overflow = await staffPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(staffPage, "admin-levels-phone");
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });

  it("shows a signed-in member their level card with the way to the next level and their benefits", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const member = await phone.newPage();
    const memberErrors = collectPageErrors(member);
    await member.goto("/m/tea");
    await member.getByPlaceholder("请输入手机号").fill(goldPhone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(goldPhone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();
    const card = member.getByTestId("member-level-card");
    await card.waitFor();
    expect(await member.getByTestId("member-level-name").textContent()).toBe("金卡会员");
    expect(await member.getByTestId("member-level-next").textContent()).toContain(
      "再消费 ¥14,000.00 升级为 钻石会员",
    );
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("消费积分 1.5 倍");
    expect(text).toContain("会员折扣 9.5 折");
    await screenshot(member, "member-level-card");
    expect(memberErrors).toEqual([]);
    await phone.close();
  });
});
