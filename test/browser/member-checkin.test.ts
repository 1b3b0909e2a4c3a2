import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "王店长", email: "owner@example.com", password: "correct horse battery" };
const phone = "13800000008";

/** Today in Shanghai, the shop's zone (the day the server counts the check-in on). */
function shanghaiToday(): { day: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", day: "numeric" }).formatToParts(
    new Date(),
  );
  return { day: Number(parts.find((p) => p.type === "day")?.value) };
}

describe("daily check-in (签到有奖) and the new-member gift (新人礼)", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let admin: BrowserContext;
  let phoneContext: BrowserContext;
  let page: Page;
  let member: Page;
  let errors: string[];
  let memberErrors: string[];

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "茶语轩", slug: "tea", timeZone: "Asia/Shanghai" },
      owner,
    );
    admin = await newDesktopContext(world.browser, world.baseUrl);
    page = await admin.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/loyalty/checkin");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterEach(() => {
    expect(errors).toEqual([]);
    if (memberErrors) expect(memberErrors).toEqual([]);
  });
  afterAll(async () => {
    await phoneContext?.close();
    await admin?.close();
    await world?.close();
  });

  it("switches check-in on with a streak schedule, make-ups and a day-7 coupon", async () => {
    await page.getByTestId("checkin-off").waitFor();
    await screenshot(page, "admin-checkin-off");
    await page.getByTestId("checkin-enabled").click();
    await page.getByTestId("checkin-makeup-enabled").click();
    await page.getByTestId("checkin-makeup-cost").fill("10");
    await page.getByTestId("checkin-day-7-points").fill("60");
    await page.getByTestId("checkin-day-7-coupon").fill("seven-day-coupon");
    await expect
      .poll(() => page.getByTestId("checkin-cycle-total").textContent())
      .toBe("连续签满 7 天共 120 积分");
    await page.getByTestId("checkin-save").click();
    await page.getByText("签到设置已保存").waitFor();
    await expect.poll(() => page.getByTestId("checkin-off").count()).toBe(0);
    await screenshot(page, "admin-checkin-settings");
    const saved = await staffRequest<{ enabled: boolean; rewards: { day: number; points: number }[] }>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/loyalty/checkin/settings",
    );
    expect(saved.enabled).toBe(true);
    expect(saved.rewards.find((r) => r.day === 7)?.points).toBe(60);
  });

  it("sets a new-member gift of points and an item, with a channel join link", async () => {
    await page.goto("/admin/loyalty/welcome-gift");
    await page.getByTestId("welcome-gift-off").waitFor();
    await page.getByText("还没有会员领取新人礼").waitFor();
    await page.getByTestId("welcome-gift-enabled").click();
    await page.getByTestId("welcome-gift-points").fill("0");
    await page.getByTestId("welcome-gift-save").click();
    // An enabled gift that gives nothing is refused next to the points field.
    await page.getByText("an enabled gift needs points, an item or a coupon").waitFor();
    await screenshot(page, "admin-welcome-gift-error", { fullPage: false });
    await page.getByTestId("welcome-gift-points").fill("100");
    await page.getByTestId("welcome-gift-add-item").click();
    await page.getByTestId("welcome-gift-item-0").fill("定制帆布袋");
    await page.getByLabel("通过渠道加入").check();
    await page.getByTestId("welcome-gift-channels").locator("input").fill("poster");
    await page.keyboard.press("Enter");
    await page.getByTestId("welcome-gift-links").getByText("/m/tea?channel=poster").waitFor();
    await page.getByTestId("welcome-gift-save").click();
    await page.getByText("新人礼设置已保存").waitFor();
    await screenshot(page, "admin-welcome-gift");
  });

  it("welcomes a new member with the gift, checks in, and shows the points and the calendar", async () => {
    phoneContext = await newPhoneContext(world.browser, world.baseUrl, { timezoneId: "Europe/London" });
    member = await phoneContext.newPage();
    memberErrors = collectPageErrors(member);
    await member.goto("/m/tea?channel=poster");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();

    const notice = member.getByTestId("welcome-gift-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("100 积分已到账");
    expect(await notice.textContent()).toContain("定制帆布袋 × 1");
    await screenshot(member, "member-welcome-gift", { fullPage: false });
    await member.getByRole("button", { name: "知道了" }).click();

    const card = member.getByTestId("checkin-card");
    await card.waitFor();
    await expect.poll(() => member.getByTestId("checkin-points").textContent()).toBe("可用积分 100");
    expect(await member.getByTestId("checkin-streak").textContent()).toBe("今天签到，开始连续签到");
    await card.scrollIntoViewIfNeeded();
    await screenshot(member, "member-checkin-open");

    await member.getByTestId("checkin-button").click();
    await expect.poll(() => member.getByTestId("checkin-button").textContent()).toBe("今日已签到");
    await expect.poll(() => member.getByTestId("checkin-points").textContent()).toBe("可用积分 105");
    expect(await member.getByTestId("checkin-streak").textContent()).toBe("已连续签到 1 天");
    expect(await card.locator(".qm-checkin-mark.is-checked").count()).toBe(1);
    await screenshot(member, "member-checkin-done");

    const welcome = await staffRequest<{ data: { trigger: string; channel: string | null }[] }>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/loyalty/welcome-gifts",
    );
    expect(welcome.data).toEqual([expect.objectContaining({ trigger: "channel", channel: "poster" })]);
  });

  it("makes up yesterday for its cost after a confirmation, joining the streak", async () => {
    // On the 1st, yesterday sits on last month's page; the make-up is covered by the server tests then.
    if (shanghaiToday().day === 1) return;
    const card = member.getByTestId("checkin-card");
    const open = card.locator(".qm-checkin-mark.is-open");
    await expect.poll(() => open.count()).toBeGreaterThan(0);
    await open.last().click();
    await member.getByText("补签将消耗 10 积分（当前可用 105）").waitFor();
    await screenshot(member, "member-checkin-makeup-confirm", { fullPage: false });
    await member.getByRole("button", { name: "确认补签" }).click();
    await expect.poll(() => member.getByTestId("checkin-streak").textContent()).toBe("已连续签到 2 天");
    await expect.poll(() => member.getByTestId("checkin-points").textContent()).toBe("可用积分 95");
    expect(await card.locator(".qm-checkin-mark.is-made-up").count()).toBe(1);
    await screenshot(member, "member-checkin-made-up");
  });

  it("shows the check-in card in English for a member who switches", async () => {
    await member.evaluate(() => localStorage.setItem("quanzi.member.locale", "en"));
    await member.reload();
    await expect.poll(() => member.getByTestId("checkin-button").textContent()).toBe("Checked in today");
    await member.getByTestId("checkin-card").scrollIntoViewIfNeeded();
    await screenshot(member, "member-checkin-en");
  });

  it("shows staff the member's gift and check-ins on the customer page", async () => {
    const gifts = await staffRequest<{ data: { customerId: string }[] }>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/loyalty/welcome-gifts",
    );
    await page.goto(`/admin/customers/${gifts.data[0]?.customerId}`);
    const card = page.getByTestId("customer-checkins");
    await card.waitFor();
    await expect.poll(() => page.getByTestId("customer-welcome-gift").textContent()).toContain("100 积分");
    // Data rows only: while loading, the table's "no records" placeholder is a row too (one, like the 1st's count).
    await expect
      .poll(() => card.locator("tbody tr.ant-table-row").count())
      .toBe(shanghaiToday().day === 1 ? 1 : 2);
    expect(await card.textContent()).toContain("+5");
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "admin-customer-checkins", { fullPage: false });
  });

  it("shows the check-in settings in English and on a phone-width console", async () => {
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.goto("/admin/loyalty/checkin");
    await page.getByText("Streak rewards").waitFor();
    await screenshot(page, "admin-checkin-settings-en");
    const staffPhone = await newPhoneContext(world.browser, world.baseUrl);
    try {
      const small = await staffPhone.newPage();
      await staffPhone.addCookies(await admin.cookies());
      await small.goto("/admin/loyalty/welcome-gift");
      await small.getByTestId("welcome-gifts-granted").waitFor();
      await expect.poll(() => small.getByTestId("welcome-gifts-granted").textContent()).toContain("poster");
      await screenshot(small, "admin-welcome-gift-phone");
    } finally {
      await staffPhone.close();
    }
  });
});
