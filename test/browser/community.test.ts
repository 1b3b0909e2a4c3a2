import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createOrder, type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "林店主", email: "community-owner@example.com", password: "correct horse battery" };
const phone = "13800000123";
/** Polls past a page load on a busy machine (expect.poll gives up after one second by default). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

describe("communities: the owner sets one up, a member joins from the member page, staff see it", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let desktop: BrowserContext;
  let admin: Page;
  let member: Page;
  let communityId = "";
  const errors: string[][] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "暖暖母婴", slug: "nuan", timeZone: "Asia/Shanghai" },
      owner,
    );
    await staffRequest(world.baseUrl, session, "POST", "/api/v1/customers", { name: "陈妈妈", phone });
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    admin = await desktop.newPage();
    errors.push(collectPageErrors(admin));
    member = await (await newPhoneContext(world.browser, world.baseUrl)).newPage();
    errors.push(collectPageErrors(member));
  });
  afterAll(async () => {
    for (const list of errors) expect(list).toEqual([]);
    await desktop?.close();
    await world?.close();
  });

  it("lets the owner create a built-in community with rules and a welcome gift", async () => {
    await admin.goto("/admin/community/communities");
    await admin.getByLabel("邮箱或手机号").fill(owner.email);
    await admin.getByLabel("密码").fill(owner.password);
    await admin.getByRole("button", { name: "登录" }).click();
    await admin.getByText("还没有社群").waitFor();
    await screenshot(admin, "admin-communities-empty");
    await admin.getByTestId("community-create").first().click();
    const form = admin.getByTestId("community-form");
    await form.getByLabel("社群名称").fill("宝妈育儿交流群");
    await form.getByLabel("容量上限").fill("200");
    await admin.getByTestId("community-rules").fill("1. 友善交流，不发广告\n2. 不分享他人隐私");
    await admin.getByTestId("community-welcome").fill("欢迎加入暖暖宝妈群！每周二晚八点有育儿分享");
    await admin.getByTestId("community-points").fill("50");
    await form.getByLabel("月度成交目标").fill("1000");
    await screenshot(admin, "admin-community-editor");
    await admin.locator(".ant-modal").getByRole("button", { name: "保存" }).click();
    await admin.waitForURL(/\/admin\/community\/communities\/[0-9a-f-]{36}$/);
    communityId = admin.url().split("/").at(-1) ?? "";
    await admin.getByText("1. 友善交流，不发广告").waitFor();
    await screenshot(admin, "admin-community-settings");
  });

  it("lets a member join from the member page after accepting the rules, and shows the welcome and points", async () => {
    await member.goto("/m/nuan");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(phone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    await member.getByRole("button", { name: "登录" }).click();
    await member.getByTestId("community-entry").click();
    const tile = member.getByTestId("community-tile").filter({ hasText: "宝妈育儿交流群" });
    await tile.waitFor();
    expect(await tile.textContent()).toContain("入群礼：50 积分");
    await screenshot(member, "member-communities");
    await tile.click();

    await member.getByTestId("community-rules").waitFor();
    const join = member.getByTestId("join-community");
    expect(await join.isDisabled()).toBe(true);
    await screenshot(member, "member-community-rules");
    await member.getByTestId("accept-rules").click();
    await poll(() => join.isDisabled()).toBe(false);
    await join.click();
    const welcome = member.getByTestId("community-welcome");
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain("欢迎加入暖暖宝妈群！每周二晚八点有育儿分享");
    expect(await welcome.textContent()).toContain("入群礼：50 积分已到账");
    await member.getByTestId("open-chat").waitFor();
    await screenshot(member, "member-community-welcome");

    await member.goto("/m/nuan");
    await poll(async () => (await member.locator(".qm-page").textContent()) ?? "").toContain("50");
  });

  it("shows staff the member in the list and the health figures", async () => {
    const apiKey = await createApiKey(world.baseUrl, session);
    await createOrder(world.baseUrl, apiKey, {
      externalId: "N-1",
      customer: { phone },
      placedAt: new Date().toISOString(),
      items: [{ sku: "MILK", name: "奶粉", category: "母婴", quantity: 1, unitPrice: 25_000 }],
    });
    await admin.goto("/admin/community/communities");
    const row = admin.locator("tr").filter({ hasText: "宝妈育儿交流群" });
    await poll(() => row.getByTestId("community-seats").textContent()).toContain("1 / 200 人");
    await screenshot(admin, "admin-communities");
    await row.click();
    await admin.getByRole("tab", { name: "成员" }).click();
    const members = admin.getByTestId("community-members");
    await poll(() => members.textContent()).toContain(phone);
    expect(await members.textContent()).toContain("陈妈妈");
    await screenshot(admin, "admin-community-members");
    await admin.getByRole("tab", { name: "健康度" }).click();
    const health = admin.getByTestId("community-health");
    await health.waitFor();
    await poll(() => admin.getByTestId("gmv-target").textContent()).toContain("25%");
    expect(await health.textContent()).toContain("7 日活跃成员");
    await screenshot(admin, "admin-community-health");
  });

  it("reads in English and fits a phone", async () => {
    await admin.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await admin.goto(`/admin/community/communities/${communityId}`);
    await admin.getByRole("tab", { name: "Health" }).click();
    await poll(() => admin.getByTestId("gmv-target").textContent()).toContain("of ¥1,000.00");
    await screenshot(admin, "admin-community-health-en");

    const phoneAdmin = await (await newPhoneContext(world.browser, world.baseUrl)).newPage();
    errors.push(collectPageErrors(phoneAdmin));
    await phoneAdmin.goto("/admin/community/communities");
    await phoneAdmin.getByLabel("邮箱或手机号").fill(owner.email);
    await phoneAdmin.getByLabel("密码").fill(owner.password);
    await phoneAdmin.getByRole("button", { name: "登录" }).click();
    await phoneAdmin.locator("tr").filter({ hasText: "宝妈育儿交流群" }).waitFor();
    await screenshot(phoneAdmin, "admin-communities-phone");

    await member.evaluate(() => localStorage.setItem("quanzi.member.locale", "en"));
    await member.goto(`/m/nuan/community/${communityId}`);
    const welcome = member.getByTestId("community-welcome");
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain("Welcome gift: 50 points added");
    await screenshot(member, "member-community-welcome-en");
    await member.goto("/m/nuan/communities");
    await member.getByText("My communities").waitFor();
    await screenshot(member, "member-communities-en");
  });
});
