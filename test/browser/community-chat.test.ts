import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupShop, staffRequest } from "./support/api.js";
import {
  collectPageErrors,
  launchChromium,
  newDesktopContext,
  newPhoneContext,
  screenshot,
} from "./support/browser.js";
import { seedChatCommunity } from "./support/community-chat-seed.js";
import { type QuanziServer, startQuanzi } from "./support/quanzi-server.js";
import { type SmsCapture, startSmsCapture } from "./support/sms-capture.js";

const phone = "13800000088";
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

describe("community chat: a member and staff talk live, staff pin an announcement, ads are refused", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "quanzi-chat-browser-"));
  let sms: SmsCapture;
  let server: QuanziServer;
  let browser: Browser;
  let member: Page;
  let staff: Page;
  let communityId = "";
  const errors: string[][] = [];
  const start = () =>
    startQuanzi({ QUANZI_SMS_SENDER: "webhook", QUANZI_SMS_WEBHOOK_URL: sms.url, QUANZI_DATA_DIR: dataDir });

  beforeAll(async () => {
    sms = await startSmsCapture();
    server = await start();
    const owner = await setupShop(server.baseUrl, {
      name: "青柠咖啡",
      slug: "lime-chat",
      timeZone: "Asia/Shanghai",
    });
    const customer = await staffRequest<{ id: string }>(server.baseUrl, owner, "POST", "/api/v1/customers", {
      name: "陈会员",
      phone,
    });
    await server.stop();
    communityId = await seedChatCommunity(dataDir, {
      merchantId: owner.merchantId,
      name: "青柠咖啡同好群",
      rules: "1. 友善交流\n2. 不发广告、不拉人进其他群\n3. 店员会置顶每周活动",
      customerIds: [customer.id],
    });
    server = await start();
    browser = await launchChromium();
    member = await (await newPhoneContext(browser, server.baseUrl)).newPage();
    errors.push(collectPageErrors(member));
    staff = await (await newDesktopContext(browser, server.baseUrl)).newPage();
    errors.push(collectPageErrors(staff));

    await staff.goto("/admin");
    await staff.getByLabel("邮箱或手机号").fill(owner.owner.email);
    await staff.getByLabel("密码").fill(owner.owner.password);
    await staff.getByRole("button", { name: "登录" }).click();
    await staff.waitForURL(/\/admin\//);

    await member.goto("/m/lime-chat");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await sms.waitForCode(phone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();
    await member.getByText("会员中心").first().waitFor();
  });
  afterEach(() => {
    for (const list of errors) expect(list).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await sms?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the rules on first open, then delivers the member's message to staff live", async () => {
    await member.goto(`/m/lime-chat/community/${communityId}/chat`);
    const rules = member.getByTestId("chat-rules");
    await rules.waitFor();
    expect(await rules.textContent()).toContain("不发广告");
    await poll(() => member.locator(".qm-chat-status").count()).toBe(0);
    await screenshot(member, "member-chat-rules", { fullPage: false });
    await rules.getByRole("button", { name: "我已阅读并同意" }).click();
    await rules.waitFor({ state: "hidden" });

    await staff.goto("/admin/community/chat");
    await poll(() => staff.getByTestId("staff-chat-list").isVisible()).toBe(true);
    await poll(() => staff.getByText("已连接").count()).toBe(1);
    await poll(() => member.locator(".qm-chat-status").count()).toBe(0);

    await member.locator(".qm-chat-input-row textarea:not([readonly])").fill("大家好，今天的拿铁很好喝！");
    await member.getByRole("button", { name: "发送" }).click();
    await poll(() => member.getByTestId("chat-message").filter({ hasText: "今天的拿铁" }).count()).toBe(1);
    await poll(() => staff.getByTestId("staff-chat-message").filter({ hasText: "今天的拿铁" }).count()).toBe(
      1,
    );
    expect(
      await staff.getByTestId("staff-chat-message").filter({ hasText: "今天的拿铁" }).textContent(),
    ).toContain("陈会员");
    await screenshot(staff, "admin-community-chat");
  });

  it("pins a staff announcement that the member sees at once", async () => {
    await staff.getByTestId("staff-chat-input").fill("本周六全场饮品第二杯半价");
    await staff.getByText("作为公告置顶").click();
    await staff.getByRole("button", { name: "发送" }).click();
    await poll(() => member.getByTestId("chat-pinned").textContent()).toContain("第二杯半价");
    await poll(() => member.getByTestId("chat-message").filter({ hasText: "第二杯半价" }).count()).toBe(1);
    expect(
      await member.getByTestId("chat-message").filter({ hasText: "第二杯半价" }).textContent(),
    ).toContain("店员");
    await screenshot(member, "member-chat", { fullPage: false });
  });

  it("refuses a message with a blocked word and says which word", async () => {
    const keywords = staff.getByTestId("chat-keywords");
    await keywords.getByRole("combobox").fill("加微信");
    await keywords.getByRole("combobox").press("Enter");
    await keywords.getByRole("button", { name: "保存" }).click();
    await staff.getByText("已保存").waitFor();

    await member.locator(".qm-chat-input-row textarea:not([readonly])").fill("加 微 信 送你优惠券");
    await member.getByRole("button", { name: "发送" }).click();
    await poll(() => member.getByTestId("chat-problem").textContent()).toBe(
      "消息包含违禁词「加微信」，未发送",
    );
    expect(await member.getByTestId("chat-message").filter({ hasText: "送你优惠券" }).count()).toBe(0);
    await screenshot(member, "member-chat-blocked", { fullPage: false });
    expect(await staff.getByTestId("staff-chat-message").filter({ hasText: "送你优惠券" }).count()).toBe(0);
  });

  it("reads in English on a phone, for the member and for staff", async () => {
    await member.evaluate(() => localStorage.setItem("quanzi.member.locale", "en"));
    await member.reload();
    await member.getByTestId("chat-pinned").waitFor();
    await poll(() => member.getByRole("button", { name: "Send" }).count()).toBe(1);
    expect(await member.getByTestId("chat-pinned").textContent()).toContain("Announcement");
    await poll(() => member.locator(".qm-chat-status").count()).toBe(0);
    await screenshot(member, "member-chat-en", { fullPage: false });

    const phoneStaff = await (await newPhoneContext(browser, server.baseUrl, { locale: "en" })).newPage();
    errors.push(collectPageErrors(phoneStaff));
    await phoneStaff.context().addCookies(await staff.context().cookies());
    await phoneStaff.goto("/admin");
    await phoneStaff.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await phoneStaff.goto("/admin/community/chat");
    await poll(() => phoneStaff.getByText("Connected").count()).toBe(1);
    await poll(() =>
      phoneStaff.getByTestId("staff-chat-message").filter({ hasText: "今天的拿铁" }).count(),
    ).toBe(1);
    expect(await phoneStaff.getByTestId("staff-chat-pinned").textContent()).toContain("Announcements");
    await screenshot(phoneStaff, "admin-community-chat-phone-en");
  });
});
