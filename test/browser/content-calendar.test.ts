import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chooseOption } from "./support/antd.js";
import { type StaffSession, setupShop, staffRequest } from "./support/api.js";
import {
  collectPageErrors,
  launchChromium,
  newDesktopContext,
  newPhoneContext,
  screenshot,
} from "./support/browser.js";
import { type QuanziServer, startQuanzi } from "./support/quanzi-server.js";
import { type SmsCapture, startSmsCapture } from "./support/sms-capture.js";

const phone = "13800000123";
const timeZone = "Asia/Shanghai";
// The built server runs content.run_due from its every-minute schedule; a post set for the next
// minute arrives within about two minutes of real time.
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 200_000, interval: 2_000 });

/** The shop's wall clock at an instant: ["YYYY-MM-DD", "HH:MM"]. */
function shopClock(at: Date): [string, string] {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return [`${parts.year}-${parts.month}-${parts.day}`, `${parts.hour}:${parts.minute}`];
}

describe("content calendar: staff schedule posts; a built-in chat gets one, an external group a staff task", () => {
  let sms: SmsCapture;
  let server: QuanziServer;
  let browser: Browser;
  let staff: Page;
  let member: Page;
  let owner: StaffSession & { owner: { email: string; password: string } };
  let builtinId = "";
  const errors: string[][] = [];
  // Two minutes ahead, on a minute boundary: time to fill the form before it is due.
  const due = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);
  const [dueDate, dueTime] = shopClock(due);

  beforeAll(async () => {
    sms = await startSmsCapture();
    server = await startQuanzi({ QUANZI_SMS_SENDER: "webhook", QUANZI_SMS_WEBHOOK_URL: sms.url });
    owner = await setupShop(server.baseUrl, { name: "青柠咖啡", slug: "lime-calendar", timeZone });
    const call = <T>(method: string, url: string, body?: unknown) =>
      staffRequest<T>(server.baseUrl, owner, method, url, body);
    // Whatever the hour the test runs at, quiet hours must not hold the post.
    await call("PUT", "/api/v1/messaging/settings", { guardEnabled: false });
    const customer = await call<{ id: string }>("POST", "/api/v1/customers", { name: "陈会员", phone });
    const staffList = await call<{ data: { id: string }[] }>("GET", "/api/v1/staff");
    const ownerStaffId = staffList.data[0]!.id;
    builtinId = (
      await call<{ id: string }>("POST", "/api/v1/communities", {
        name: "青柠健康生活群",
        purpose: "content",
        platform: "builtin",
        ownerStaffId,
      })
    ).id;
    await call("POST", `/api/v1/communities/${builtinId}/members`, { customerId: customer.id });
    const externalId = (
      await call<{ id: string }>("POST", "/api/v1/communities", {
        name: "青柠微信福利群",
        purpose: "marketing",
        platform: "wechat",
        ownerStaffId,
        joinUrl: "https://weixin.qq.com/g/example",
      })
    ).id;
    await call("POST", "/api/v1/content/templates", {
      kind: "tip",
      title: "每周健康小贴士",
      body: "今晚早点睡，明早来杯温热的燕麦拿铁。",
      linkUrl: "/m/lime-calendar",
    });
    await call("POST", "/api/v1/content/templates", {
      kind: "promotion",
      title: "周末第二杯半价",
      body: "周六周日全场饮品第二杯半价",
      imageUrl: "https://example.com/latte.png",
    });
    // An image the staff browser can load: a short link's QR code (any PNG served by the shop would do).
    const qrLink = await call<{ id: string }>("POST", "/api/v1/short-links", { target: "/m/lime-calendar" });
    await call("POST", "/api/v1/content/posts", {
      communityId: externalId,
      title: "周末第二杯半价",
      body: "周六周日全场饮品第二杯半价，转发到群里吧",
      imageUrl: `${server.baseUrl}/api/v1/short-links/${qrLink.id}/qr?format=png&size=256`,
      linkUrl: "/m/lime-calendar",
      schedule: { repeat: "once", startDate: dueDate, localTime: dueTime },
    });

    browser = await launchChromium();
    staff = await (await newDesktopContext(browser, server.baseUrl)).newPage();
    errors.push(collectPageErrors(staff));
    member = await (await newPhoneContext(browser, server.baseUrl)).newPage();
    errors.push(collectPageErrors(member));
    await staff.goto("/admin");
    await staff.getByLabel("邮箱或手机号").fill(owner.owner.email);
    await staff.getByLabel("密码").fill(owner.owner.password);
    await staff.getByRole("button", { name: "登录" }).click();
    await staff.waitForURL(/\/admin\//);

    await member.goto("/m/lime-calendar");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await sms.waitForCode(phone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();
    await member.getByText("会员中心").first().waitFor();
  }, 120_000);
  afterEach(() => {
    for (const list of errors) expect(list).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await sms?.close();
  });

  it("lists the templates", async () => {
    await staff.goto("/admin/community/templates");
    await staff.getByText("每周健康小贴士").waitFor();
    await screenshot(staff, "admin-content-templates");
  });

  it("schedules a post from a template in the editor drawer, with its preview", async () => {
    await staff.goto("/admin/community/calendar");
    await staff.getByTestId("new-post").click();
    const drawer = staff.locator(".ant-drawer");
    const selectOf = (label: string) =>
      drawer.locator(".ant-select").filter({ has: staff.getByLabel(label, { exact: true }) });
    await chooseOption(staff, selectOf("社群"), "青柠健康生活群", { partial: true });
    await chooseOption(staff, selectOf("模板"), "每周健康小贴士", { partial: true });
    await expect.poll(() => drawer.getByLabel("标题", { exact: true }).inputValue()).toBe("每周健康小贴士");
    await drawer.getByLabel("日期", { exact: true }).fill(dueDate);
    await drawer.getByLabel("日期", { exact: true }).press("Enter");
    await drawer.getByLabel("时间", { exact: true }).fill("23:00");
    await drawer.getByLabel("时间", { exact: true }).press("Enter");
    await expect
      .poll(() => drawer.getByTestId("post-preview").textContent())
      .toContain("内置社群「青柠健康生活群」");
    await drawer.getByTestId("post-preview").scrollIntoViewIfNeeded();
    await screenshot(staff, "admin-content-post-editor", { fullPage: false });
    await drawer.getByLabel("时间", { exact: true }).fill(dueTime);
    await drawer.getByLabel("时间", { exact: true }).press("Enter");
    await drawer.getByTestId("save-post").click();
    await staff.getByText("已保存").first().waitFor();
    await staff
      .locator(".ant-drawer-open")
      .waitFor({ state: "detached" })
      .catch(() => {});
    await poll(() => staff.getByTestId("occurrence").filter({ hasText: "每周健康小贴士" }).count()).toBe(1);
  }, 240_000);

  it("delivers the post into the built-in chat at its time, and the calendar shows it posted", async () => {
    await member.goto(`/m/lime-calendar/community/${builtinId}/chat`);
    await poll(async () => {
      const n = await member.getByTestId("chat-message").filter({ hasText: "今晚早点睡" }).count();
      if (n === 0) await member.reload();
      return n;
    }).toBe(1);
    await screenshot(member, "member-chat-calendar-post", { fullPage: false });
    await staff.goto("/admin/community/calendar");
    await poll(async () => {
      await staff.reload();
      await staff.getByTestId("occurrence").first().waitFor();
      return staff
        .getByTestId("occurrence")
        .filter({ hasText: "每周健康小贴士" })
        .getAttribute("data-status");
    }).toBe("posted");
    await screenshot(staff, "admin-content-calendar");
    await staff.locator(".ant-segmented-item", { hasText: /^周$/ }).click();
    await screenshot(staff, "admin-content-calendar-week");
  }, 240_000);

  it("shows the external group's post as a staff task, on desktop and phone, and marks it done", async () => {
    await staff.goto("/admin/community/tasks");
    await poll(async () => {
      const n = await staff.getByTestId("staff-task").count();
      if (n === 0) await staff.reload();
      return n;
    }).toBe(1);
    const task = staff.getByTestId("staff-task");
    expect(await task.textContent()).toContain("周六周日全场饮品第二杯半价，转发到群里吧");
    expect(await task.textContent()).toMatch(/\/s\/[A-Za-z0-9]{7}/);
    await screenshot(staff, "admin-staff-tasks");
    const phonePage = await (await newPhoneContext(browser, server.baseUrl)).newPage();
    await phonePage.context().addCookies(await staff.context().cookies());
    await phonePage.goto("/admin/community/tasks");
    await phonePage.getByTestId("staff-task").waitFor();
    await screenshot(phonePage, "admin-staff-tasks-phone");
    await phonePage.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await phonePage.goto("/admin/community/tasks");
    await phonePage.getByRole("button", { name: "Copy text" }).waitFor();
    await screenshot(phonePage, "admin-staff-tasks-phone-en");
    await phonePage.goto("/admin/community/calendar");
    await phonePage.getByText("Content calendar").first().waitFor();
    await phonePage.close();
    const enPage = await (await newDesktopContext(browser, server.baseUrl, { locale: "en" })).newPage();
    await enPage.context().addCookies(await staff.context().cookies());
    await enPage.goto("/admin");
    await enPage.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await enPage.goto("/admin/community/calendar");
    await enPage.getByTestId("occurrence").first().waitFor();
    await enPage.getByTestId("occurrence").first().click();
    await enPage.locator(".ant-modal").getByText("Community").waitFor();
    await screenshot(enPage, "admin-content-calendar-en");
    await enPage.close();
    await task.getByTestId("task-done").click();
    await staff.getByText("已标记完成").waitFor();
    await poll(() => task.textContent()).toContain("店长 于");
    await staff.goto("/admin/community/calendar");
    await poll(async () => {
      await staff.reload();
      await staff.getByTestId("occurrence").first().waitFor();
      return staff
        .getByTestId("occurrence")
        .filter({ hasText: "周末第二杯半价" })
        .getAttribute("data-status");
    }).toBe("task_done");
  }, 240_000);
});
