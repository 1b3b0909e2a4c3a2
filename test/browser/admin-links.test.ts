import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaffSession, setupShop, staffRequest } from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "林店主", email: "links-owner@example.com", password: "correct horse battery" };
/** Polls past a page load on a busy machine (expect.poll gives up after one second by default). */
const memberPhone = "13800000088";
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

type Link = { id: string; slug: string; shortUrl: string; title: string };

describe("admin console: short links (短链)", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let errors: string[];
  let link: Link;

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "晨光面包", slug: "bakery", timeZone: "Asia/Shanghai" },
      owner,
    );
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    phone = await newPhoneContext(world.browser, world.baseUrl);
    page = await desktop.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/links");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterAll(async () => {
    await phone?.close();
    await desktop?.close();
    await world?.close();
  });

  it("starts from an empty list and creates a link with UTM values", async () => {
    await page.getByText("还没有短链").waitFor();
    await screenshot(page, "admin-links-empty");
    await page.getByRole("button", { name: "新建短链" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("标题").fill("会员券海报");
    await dialog.getByLabel("目标地址").fill("/m/bakery?from=poster");
    await dialog.getByLabel("utm_source").fill("poster");
    await dialog.getByLabel("utm_campaign").fill("double11");
    await screenshot(page, "admin-links-create");
    await dialog.getByRole("button", { name: "保存" }).click();
    await page.getByText("会员券海报").waitFor();
    const links = await staffRequest<{ data: Link[] }>(world.baseUrl, session, "GET", "/api/v1/short-links");
    expect(links.data).toHaveLength(1);
    link = links.data[0]!;
    expect(link.shortUrl).toBe(`${world.baseUrl}/s/${link.slug}`);
    expect(await page.getByTestId("short-url").textContent()).toContain(`/s/${link.slug}`);
    await screenshot(page, "admin-links-list");
    expect(errors).toEqual([]);
  });

  it("redirects a phone that opens the short URL to the target with UTM and a click id", async () => {
    const member = await phone.newPage();
    await member.goto(link.shortUrl);
    await member.waitForURL(/\/m\/bakery\?/);
    const landed = new URL(member.url());
    expect(landed.pathname).toBe("/m/bakery");
    expect(landed.searchParams.get("from")).toBe("poster");
    expect(landed.searchParams.get("utm_source")).toBe("poster");
    expect(landed.searchParams.get("utm_campaign")).toBe("double11");
    expect(landed.searchParams.get("qz_click")).toMatch(/^[A-Za-z0-9]{16}$/);
    // Signing in on the page the link opened names the member as the click's visitor.
    await member.getByPlaceholder("请输入手机号").fill(memberPhone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    const code = await world.sms.waitForCode(memberPhone, { since: sentBefore });
    await member.getByPlaceholder("6 位验证码").fill(code);
    const claimed = member.waitForResponse((r) => r.url().includes("/link-clicks/claim"));
    await member.getByRole("button", { name: "登录" }).click();
    expect(await (await claimed).json()).toEqual({ claimed: true });
    await member.close();
  });

  it("shows the click in the link's stats with its charts", async () => {
    await page.getByRole("button", { name: "数据" }).first().click();
    await page.waitForURL(/\/admin\/links\/[0-9a-f-]{36}$/);
    // The click is written within ~200 ms; refresh until the stats have it.
    await poll(async () => {
      await page.getByRole("button", { name: "刷新" }).click();
      await page.waitForTimeout(300);
      return page.getByTestId("kpi-human").locator(".ant-statistic-content-value").textContent();
    }).toBe("1");
    expect(await page.getByTestId("kpi-hits").locator(".ant-statistic-content-value").textContent()).toBe(
      "1",
    );
    expect(await page.getByTestId("kpi-unique").locator(".ant-statistic-content-value").textContent()).toBe(
      "1",
    );
    await page.locator("canvas").first().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, "admin-links-stats");
    expect(errors).toEqual([]);
  });

  it("asks for the password of a protected link before redirecting", async () => {
    const locked = await staffRequest<Link>(world.baseUrl, session, "POST", "/api/v1/short-links", {
      title: "内部链接",
      target: "/m/bakery",
      password: "bread 2026",
    });
    const member = await phone.newPage();
    await member.goto(locked.shortUrl);
    await member.getByPlaceholder("密码 / Password").fill("wrong");
    await member.getByRole("button", { name: /继续/ }).click();
    await member.getByRole("alert").waitFor();
    await screenshot(member, "short-link-password");
    await member.getByPlaceholder("密码 / Password").fill("bread 2026");
    await member.getByRole("button", { name: /继续/ }).click();
    await member.waitForURL(/\/m\/bakery\?qz_click=/);
    await member.close();
  });

  it("reads in English and fits a phone", async () => {
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.goto("/admin/links");
    await page.getByRole("heading", { name: "Short links" }).waitFor();
    await page.getByText("会员券海报").waitFor();
    await screenshot(page, "admin-links-en");
    await page.goto(`/admin/links/${link.id}`);
    await page.getByText("Unique visitors").waitFor();
    await page.locator("canvas").first().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, "admin-links-stats-en");
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));

    const staffPhone = await newPhoneContext(world.browser, world.baseUrl);
    try {
      const staffPage = await staffPhone.newPage();
      const phoneErrors = collectPageErrors(staffPage);
      await staffPage.goto(`/admin/links/${link.id}`);
      await staffPage.getByLabel("邮箱或手机号").fill(owner.email);
      await staffPage.getByLabel("密码").fill(owner.password);
      await staffPage.getByRole("button", { name: "登录" }).click();
      await staffPage.getByText("独立访客").waitFor();
      await staffPage.locator("canvas").first().waitFor();
      await staffPage.waitForTimeout(800);
      const overflow = await staffPage.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(staffPage, "admin-links-stats-phone");
      await staffPage.goto("/admin/links");
      await staffPage.getByText("会员券海报").waitFor();
      await screenshot(staffPage, "admin-links-phone");
      expect(phoneErrors).toEqual([]);
    } finally {
      await staffPhone.close();
    }
    expect(errors).toEqual([]);
  });
});
