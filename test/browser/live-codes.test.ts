import type { BrowserContext, Page } from "playwright-core";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseOption } from "./support/antd.js";
import { type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "林店长", email: "livecode-owner@example.com", password: "correct horse battery" };
const clerk = { name: "赵店员", email: "livecode-clerk@example.com", password: "clerk password 1" };
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

type ListItem = { id: string; code: string; path: string; stats: { scans: number; joins: number } };

describe("live codes: the owner sets up a code, newcomers scan it, register and land on their adviser", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let desktop: BrowserContext;
  let page: Page;
  let errors: string[];
  let code: ListItem;

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "圈子烘焙", slug: "bakery", timeZone: "Asia/Shanghai" },
      owner,
    );
    const invitation = await staffRequest<{ acceptUrl: string }>(
      world.baseUrl,
      session,
      "POST",
      "/api/v1/staff/invitations",
      {
        email: clerk.email,
        role: "clerk",
      },
    );
    const token = invitation.acceptUrl.split("/").filter(Boolean).at(-1);
    const accepted = await fetch(`${world.baseUrl}/api/auth/invitations/${token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-requested-with": "quanzi" },
      body: JSON.stringify({ name: clerk.name, password: clerk.password }),
    });
    if (!accepted.ok) throw new Error(`accept → ${accepted.status} ${await accepted.text()}`);
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    page = await desktop.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/community/duty");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterAll(async () => {
    await desktop?.close();
    await world?.close();
  });

  it("lets the owner upload their personal QR on the duty page", async () => {
    await page.getByTestId("duty-card").waitFor();
    const png = await QRCode.toBuffer("https://u.wechat.com/owner-card", { type: "png", width: 240 });
    await page
      .locator("input[type=file]")
      .setInputFiles({ name: "my-qr.png", mimeType: "image/png", buffer: png });
    await page.getByTestId("duty-card").locator("img").waitFor();
    await screenshot(page, "admin-live-codes-duty");
    expect(errors).toEqual([]);
  });

  it("creates a live code with two staff targets, in order until full, capacity 1 each", async () => {
    await page.goto("/admin/community/live-codes");
    await page.getByText("还没有活码").waitFor();
    await page.getByRole("button", { name: "新建活码" }).click();
    const modal = page.locator(".ant-modal");
    await modal.getByLabel("活码名称").fill("门店柜台 · 十二月");
    await modal.getByLabel("欢迎语").fill("欢迎加入圈子烘焙！每周三新品试吃。");
    await modal.getByLabel("入会礼积分").fill("30");
    await modal.getByLabel("渠道成本（元）").fill("200");
    await modal.getByTestId("add-target").click();
    const rows = modal.getByTestId("target-row");
    await poll(() => rows.count()).toBe(2);
    for (const [index, name] of [owner.name, clerk.name].entries()) {
      const row = rows.nth(index);
      await chooseOption(page, row.locator(".ant-select").nth(0), "店员");
      await chooseOption(page, row.locator(".ant-select").nth(1), name);
      await row.getByRole("spinbutton").nth(0).fill("1");
    }
    await screenshot(page, "admin-live-code-editor");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("cell", { name: /门店柜台 · 十二月/ }).waitFor();
    const list = await staffRequest<{ data: ListItem[] }>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/live-codes",
    );
    expect(list.data).toHaveLength(1);
    code = list.data[0] as ListItem;
    await screenshot(page, "admin-live-codes-list");
    expect(errors).toEqual([]);
  });

  it("routes a new customer who scans the code, registers with phone + code and sees the welcome and their adviser", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const member = await phone.newPage();
    const memberErrors = collectPageErrors(member);
    await member.goto(code.path);
    await poll(() => new URL(member.url()).pathname).toBe(`/m/bakery/join/${code.code}`);
    await member.getByText("门店柜台 · 十二月").waitFor();
    await screenshot(member, "member-live-code-landing");
    await member.getByPlaceholder("请输入手机号").fill("13900000001");
    const before = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const sms = await world.sms.waitForCode("13900000001", { since: before });
    await member.getByPlaceholder("6 位验证码").fill(sms);
    await member.getByRole("button", { name: "加入" }).click();
    const welcome = member.getByTestId("join-welcome");
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain("欢迎加入圈子烘焙！每周三新品试吃。");
    expect(await welcome.textContent()).toContain("30 积分已到账");
    const target = member.getByTestId("join-target");
    expect(await target.textContent()).toContain("你的专属顾问");
    expect(await target.textContent()).toContain(owner.name);
    await poll(() =>
      target.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await screenshot(member, "member-live-code-welcome");
    expect(memberErrors).toEqual([]);
    await phone.close();
  });

  it("counts the scan and the join on the console", async () => {
    await page.reload();
    const row = page.getByRole("row", { name: /门店柜台 · 十二月/ });
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    // name, kind, strategy, targets, scans, joins, first orders, cost per join
    expect(cells.slice(3, 8)).toEqual(["2", "1", "1", "0", "¥200.00"]);
    await page.getByRole("tab", { name: "渠道对比" }).click();
    await page.getByTestId("channel-chart").locator("canvas").waitFor();
    await screenshot(page, "admin-live-codes-compare");
    expect(errors).toEqual([]);
  });

  it("in English on a phone: the next newcomer rolls over to the second adviser", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl, { locale: "en-US" });
    await phone.addInitScript(() => localStorage.setItem("quanzi.member.locale", "en"));
    const member = await phone.newPage();
    const memberErrors = collectPageErrors(member);
    await member.goto(code.path);
    await member.locator("input[type=tel]").fill("13900000002");
    const before = world.sms.messages.length;
    await member.locator(".qm-send-code").click();
    const sms = await world.sms.waitForCode("13900000002", { since: before });
    await member.locator("input[autocomplete=one-time-code]").fill(sms);
    await member.getByRole("button", { name: "Join" }).click();
    const target = member.getByTestId("join-target");
    await target.waitFor();
    expect(await target.textContent()).toContain("Your personal adviser");
    expect(await target.textContent()).toContain(clerk.name);
    expect(await member.getByTestId("join-welcome").textContent()).toContain("Welcome gift: 30 points added");
    await screenshot(member, "member-live-code-welcome-en");
    expect(memberErrors).toEqual([]);
    await phone.close();

    const english = await newDesktopContext(world.browser, world.baseUrl, { locale: "en-US" });
    await english.addInitScript(() => localStorage.setItem("quanzi.admin.locale", "en"));
    const admin = await english.newPage();
    await admin.goto("/admin/community/live-codes");
    await admin.getByLabel("Email or phone").fill(owner.email);
    await admin.getByLabel("Password").fill(owner.password);
    await admin.getByRole("button", { name: "Sign in" }).click();
    const row = admin.getByRole("row", { name: /门店柜台 · 十二月/ });
    await row.waitFor();
    expect((await row.locator("td").allTextContents()).slice(4, 6)).toEqual(["2", "2"]);
    await screenshot(admin, "admin-live-codes-list-en");
    await english.close();
  });
});
