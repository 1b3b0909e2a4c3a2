import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupShop } from "./support/api.js";
import { collectPageErrors, newDesktopContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "李店主", email: "owner@example.com", password: "correct horse battery" };
const clerk = { name: "张店员", email: "clerk@example.com", password: "clerk password 1" };

describe("admin console: roles", () => {
  let world: BrowserWorld;
  let acceptLink: string;

  beforeAll(async () => {
    world = await startBrowserWorld();
    await setupShop(world.baseUrl, { name: "鲜果铺", slug: "fresh" }, owner);
  });
  afterAll(() => world?.close());

  it("lets the owner sign in and invite a clerk, showing the link to pass on", async () => {
    const context = await newDesktopContext(world.browser, world.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto("/admin/staff");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();

    // Signing in keeps the page that was asked for.
    await page.getByTestId("invite-staff").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("邮箱").fill(clerk.email);
    await dialog.getByRole("button", { name: "生成邀请" }).click();
    acceptLink = (await dialog.getByTestId("accept-link").textContent()) ?? "";
    expect(acceptLink).toMatch(/\/admin\/invite\/[^/]+$/);
    await screenshot(page, "admin-staff-invite");
    await dialog.getByRole("button", { name: "完成" }).click();
    await page.getByRole("cell", { name: clerk.email }).waitFor();
    await screenshot(page, "admin-staff");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a clerk a no-permission page for staff settings and no Staff menu entry", async () => {
    const context = await newDesktopContext(world.browser, world.baseUrl);
    const page = await context.newPage();
    await page.goto(new URL(acceptLink).pathname);
    await page.getByText("加入 鲜果铺").waitFor();
    await page.getByLabel("姓名").fill(clerk.name);
    await page.getByLabel("设置密码").fill(clerk.password);
    await page.getByRole("button", { name: "接受邀请" }).click();
    await page.getByRole("menuitem", { name: "客户" }).waitFor();

    await page.goto("/admin/staff");
    await page.getByTestId("no-permission").waitFor();
    await expect(page.getByRole("menuitem", { name: "员工与角色" }).count()).resolves.toBe(0);
    await expect(page.getByRole("menuitem", { name: "API 密钥" }).count()).resolves.toBe(0);
    await screenshot(page, "admin-clerk-forbidden");

    // The server refuses too, whatever the screen shows.
    const status = await page.evaluate(async () => (await fetch("/api/v1/staff")).status);
    expect(status).toBe(403);
    await context.close();
  });

  it("lets the clerk sign out and back in with the password they chose", async () => {
    const context = await newDesktopContext(world.browser, world.baseUrl);
    const page = await context.newPage();
    await page.goto("/admin");
    await page.getByLabel("邮箱或手机号").fill(clerk.email);
    await page.getByLabel("密码").fill("wrong password");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByTestId("login-error").waitFor();

    await page.getByLabel("密码").fill(clerk.password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("menuitem", { name: "经营概览" }).waitFor();
    await page.getByTestId("user-menu").hover();
    await page.getByText("退出登录").click();
    await page.getByRole("button", { name: "登录" }).waitFor();
    await context.close();
  });
});
