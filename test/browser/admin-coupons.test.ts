import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseOption } from "./support/antd.js";
import {
  createApiKey,
  createOrder,
  keyRequest,
  type StaffSession,
  setupShop,
  staffRequest,
} from "./support/api.js";
import { collectPageErrors, newDesktopContext, newPhoneContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

const owner = { name: "周店主", email: "owner@example.com", password: "correct horse battery" };
const buyers = [
  ["13900000001", "王一"],
  ["13900000002", "李二"],
  ["13900000003", "张三"],
] as const;

type Template = { id: string; name: string; summary: string; rule: { kind: string; tiers?: unknown } };
type Coupon = { id: string; code: string; customerId: string | null; status: string };

/** POST with an Idempotency-Key as a signed-in staff member, as the counter calls redeem. */
async function keyedRequest<T>(
  baseUrl: string,
  session: StaffSession,
  url: string,
  body: unknown,
  key: string,
) {
  const res = await fetch(`${baseUrl}${url}`, {
    method: "POST",
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrfToken,
      "content-type": "application/json",
      "idempotency-key": key,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe("admin console: coupons (优惠券)", () => {
  let world: BrowserWorld;
  let session: StaffSession;
  let apiKey: string;
  let desktop: BrowserContext;
  let page: Page;
  let errors: string[];
  let segmentId: string;
  let templateId: string;

  beforeAll(async () => {
    world = await startBrowserWorld();
    session = await setupShop(
      world.baseUrl,
      { name: "茶语轩", slug: "tea", timeZone: "Asia/Shanghai" },
      owner,
    );
    apiKey = await createApiKey(world.baseUrl, session);
    for (const [index, [phone, name]] of buyers.entries()) {
      await createOrder(world.baseUrl, apiKey, {
        externalId: `C${index}`,
        customer: { phone, name },
        placedAt: "2026-11-20T10:00:00+08:00",
        items: [{ sku: "TEA", name: "龙井 250g", category: "茶叶", quantity: 1, unitPrice: 12_000 }],
      });
    }
    // The segment the wizard issues to: everyone who has ordered (its members are counted when it is saved,
    // once the order metrics have caught up).
    const rule = { all: [{ field: "metrics.orderCount", op: "gte", value: 1 }] };
    for (let tries = 0; tries < 50; tries++) {
      const { count } = await staffRequest<{ count: number }>(
        world.baseUrl,
        session,
        "POST",
        "/api/v1/insight/preview",
        { rule },
      );
      if (count === buyers.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const segment = await staffRequest<{ id: string }>(world.baseUrl, session, "POST", "/api/v1/segments", {
      name: "下单客户",
      rule,
    });
    segmentId = segment.id;
    for (let tries = 0; tries < 100; tries++) {
      const { memberCount } = await staffRequest<{ memberCount: number }>(
        world.baseUrl,
        session,
        "GET",
        `/api/v1/segments/${segmentId}`,
      );
      if (memberCount === buyers.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    desktop = await newDesktopContext(world.browser, world.baseUrl);
    page = await desktop.newPage();
    errors = collectPageErrors(page);
    await page.goto("/admin/promotions/coupons");
    await page.getByLabel("邮箱或手机号").fill(owner.email);
    await page.getByLabel("密码").fill(owner.password);
    await page.getByRole("button", { name: "登录" }).click();
  });
  afterAll(async () => {
    await desktop?.close();
    await world?.close();
  });

  it("starts from an empty list that says what to do", async () => {
    await page.getByText("还没有优惠券模板").waitFor();
    expect(await page.getByTestId("coupon-triggers").textContent()).toContain("还没有自动发券规则");
    await screenshot(page, "admin-coupons-empty");
    expect(errors).toEqual([]);
  });

  it("shows the server's tier error next to the tier, then creates 满100减10 in 分", async () => {
    await page.getByTestId("template-create").click();
    await page.getByTestId("template-name").fill("满100减10");
    await page.getByTestId("tier-min-0").fill("100");
    await page.getByTestId("tier-off-0").fill("10");
    // Before it is saved, the preview prices the form's rule: the sample cart of 120 元 pays 110.
    await expect
      .poll(() => page.getByTestId("preview-after").textContent(), { timeout: 15_000 })
      .toBe("¥110.00");
    // A second tier that does not rise: the server names rule.tiers.1.amountOff, shown under that input.
    await page.getByRole("button", { name: "添加一档" }).click();
    await page.getByTestId("tier-min-1").fill("200");
    await page.getByTestId("tier-off-1").fill("5");
    await page.getByTestId("template-save").click();
    // (The preview prices the form's rule too, so it shows the same error: look in the form.)
    const tierError = page.locator("form").getByText("tiers go up: each amountOff above the previous one");
    await tierError.waitFor();
    await screenshot(page, "admin-coupons-editor-error");
    await page.getByRole("button", { name: "删除此档" }).nth(1).click();
    await page.getByTestId("template-save").click();
    await page.waitForURL(/\/admin\/promotions\/coupons\/[0-9a-f-]{36}$/);
    templateId = page.url().split("/").at(-1) ?? "";

    const saved = await staffRequest<Template>(
      world.baseUrl,
      session,
      "GET",
      `/api/v1/coupon-templates/${templateId}`,
    );
    expect(saved.rule).toMatchObject({ kind: "threshold", tiers: [{ minSpend: 10_000, amountOff: 1_000 }] });
    expect(saved.summary).toContain("满100减10");
    await expect
      .poll(() => page.getByTestId("preview-after").textContent(), { timeout: 15_000 })
      .toBe("¥110.00");
    await screenshot(page, "admin-coupons-editor");
    expect(errors).toEqual([]);
  });

  it("lists the template with its stock, budget and validity", async () => {
    await page.goto("/admin/promotions/coupons");
    const row = page.getByRole("row", { name: /满减券/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("满减券");
    expect(text).toContain("已发 0（不限量）");
    expect(text).toContain("领取后 30 天内有效");
    await screenshot(page, "admin-coupons-list");
  });

  it("issues the template to a segment and shows the job's progress until it finishes", async () => {
    await page.goto(`/admin/promotions/coupons/issue?templateId=${templateId}`);
    await page.getByTestId("issue-next").click();
    await chooseOption(page, page.getByTestId("issue-segment"), "下单客户", { partial: true });
    await screenshot(page, "admin-coupons-issue-audience");
    await page.getByTestId("issue-next").click();
    expect(await page.getByTestId("issue-recipients").textContent()).toBe("3 人");
    await screenshot(page, "admin-coupons-issue-confirm");
    await page.getByTestId("issue-start").click();
    await expect
      .poll(() => page.getByTestId("issue-run-status").textContent(), { timeout: 30_000 })
      .toBe("已完成");
    expect(await page.getByTestId("issue-run-issued").textContent()).toBe("3");
    // The run is also listed below, so a long one can be followed after leaving the wizard.
    const listed = page.getByTestId("bulk-runs").getByRole("row", { name: /下单客户/ });
    await expect.poll(async () => (await listed.textContent()) ?? "").toContain("已完成");
    await screenshot(page, "admin-coupons-issue-done");

    const coupons = await staffRequest<{ data: Coupon[] }>(
      world.baseUrl,
      session,
      "GET",
      `/api/v1/coupons?templateId=${templateId}`,
    );
    expect(coupons.data).toHaveLength(3);
    expect(new Set(coupons.data.map((c) => c.customerId)).size).toBe(3);
    expect(errors).toEqual([]);
  });

  it("previews the saved template on a sample cart: 120 元 pays 110, 90 元 is 10 short", async () => {
    await page.goto(`/admin/promotions/coupons/${templateId}`);
    // The default sample cart: 80 + 2 × 20 = 120 元.
    await expect
      .poll(() => page.getByTestId("preview-after").textContent(), { timeout: 15_000 })
      .toBe("¥110.00");
    await screenshot(page, "admin-coupons-preview");
    await page.getByTestId("preview-price-1").fill("50");
    await expect
      .poll(() => page.getByTestId("preview-after").textContent(), { timeout: 15_000 })
      .toBe("¥90.00");
    expect(await page.getByTestId("preview-reason").textContent()).toContain("还差10.00元");
    // Quoting wrote nothing: every coupon of the template is still available.
    const coupons = await staffRequest<{ data: Coupon[] }>(
      world.baseUrl,
      session,
      "GET",
      `/api/v1/coupons?templateId=${templateId}`,
    );
    expect(coupons.data.map((c) => c.status)).toEqual(["available", "available", "available"]);
    expect(errors).toEqual([]);
  });

  it("issues by pasted phones and reports who was left out", async () => {
    await page.goto(`/admin/promotions/coupons/issue?templateId=${templateId}`);
    await page.getByTestId("issue-next").click();
    await page.getByText("发给指定客户").click();
    await page.getByTestId("issue-paste").fill(`${buyers[0][0]}\n13700000000\nnot-a-phone`);
    await page.getByTestId("issue-next").click();
    expect(await page.getByTestId("issue-recipients").textContent()).toBe("1 人");
    expect(await page.getByTestId("issue-confirm").textContent()).toContain("13700000000, not-a-phone");
    await page.getByTestId("issue-start").click();
    await page.getByText("已给 1 位客户发出 1 张券").waitFor();
    expect(errors).toEqual([]);
  });

  it("generates a batch of unique codes and offers the CSV once ready", async () => {
    await page.goto("/admin/promotions/coupons/batches");
    await page.getByText("还没有券码批次").waitFor();
    await page.getByRole("combobox").first().click();
    await page.locator(".ant-select-item-option", { hasText: "满100减10" }).click();
    await page.getByPlaceholder("批次名称，如：双十一海报").fill("海报");
    await page.getByRole("spinbutton").fill("50");
    await page.getByRole("button", { name: "生成" }).click();
    await page.getByText("可下载").waitFor({ timeout: 30_000 });
    expect(await page.getByRole("row", { name: /海报/ }).textContent()).toContain("50 / 50");
    await screenshot(page, "admin-coupons-batches");
    const csv = await fetch(
      `${world.baseUrl}/api/v1/coupon-batches/${(await staffRequest<{ data: { id: string }[] }>(world.baseUrl, session, "GET", "/api/v1/coupon-batches")).data[0]?.id}/codes.csv`,
      { headers: { cookie: session.cookie } },
    ).then((r) => r.text());
    const codes = csv.trim().split("\n").slice(1);
    expect(codes).toHaveLength(50);
    expect(errors).toEqual([]);
  });

  it("shows a redemption with its discount and rolls it back after confirmation", async () => {
    const coupons = await staffRequest<{ data: Coupon[] }>(
      world.baseUrl,
      session,
      "GET",
      `/api/v1/coupons?templateId=${templateId}&limit=200`,
    );
    const coupon = coupons.data.find((c) => c.customerId !== null);
    if (!coupon) throw new Error("no issued coupon");
    const redemption = await keyedRequest<{ id: string; total: number }>(
      world.baseUrl,
      session,
      "/api/v1/checkout/redeem",
      {
        customerId: coupon.customerId,
        lines: [{ sku: "TEA", category: "茶叶", quantity: 1, unitPrice: 12_000 }],
        coupons: [coupon.code],
        orderRef: "POS-1",
      },
      "redeem-1",
    );
    expect(redemption.total).toBe(11_000);

    await page.goto("/admin/promotions/redemptions");
    const row = page.getByRole("row", { name: /POS-1/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("-¥10.00");
    expect(await row.textContent()).toContain("已核销");
    const filtered = page.waitForRequest(
      (r) => r.url().includes(`/api/v1/redemptions?`) && r.url().includes(`templateId=${templateId}`),
    );
    await chooseOption(page, page.getByTestId("redemption-template-filter"), "满100减10", { search: true });
    await filtered;
    await row.waitFor();
    await screenshot(page, "admin-coupons-redemptions");
    await row.getByRole("button", { name: "撤销核销" }).click();
    await page.getByText("撤销这次核销？").waitFor();
    await page.locator("#rollback-confirm").click();
    await expect.poll(async () => (await row.textContent()) ?? "").toContain("已撤销");
    const after = await keyRequest<{ status: string }>(
      world.baseUrl,
      apiKey,
      "GET",
      `/api/v1/redemptions/${redemption.id}`,
    );
    expect(after.status).toBe("rolled_back");
    expect(errors).toEqual([]);
  });

  it("adds an automatic-issue trigger, and reads in English", async () => {
    await page.goto("/admin/promotions/coupons");
    const card = page.getByTestId("coupon-triggers");
    await chooseOption(page, card.getByTestId("trigger-template"), "满100减10", { partial: true });
    await card.getByRole("button", { name: "添加" }).click();
    const row = card.getByRole("row", { name: /新人礼/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("满100减10");
    const saved = await staffRequest<{ data: { eventType: string; templateId: string; enabled: boolean }[] }>(
      world.baseUrl,
      session,
      "GET",
      "/api/v1/coupon-triggers",
    );
    expect(saved.data).toMatchObject([{ eventType: "welcome_gift", templateId, enabled: true }]);
    await screenshot(page, "admin-coupons-triggers");

    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "en"));
    await page.goto("/admin/promotions/coupons");
    await page.getByRole("heading", { name: "Coupon templates" }).waitFor();
    await page.getByRole("row", { name: /Spend threshold/ }).waitFor();
    await screenshot(page, "admin-coupons-list-en");
    await page.evaluate(() => localStorage.setItem("quanzi.admin.locale", "zh-CN"));
    expect(errors).toEqual([]);
  });

  it("fits a phone-width console", async () => {
    const phone = await newPhoneContext(world.browser, world.baseUrl);
    const staffPage = await phone.newPage();
    const phoneErrors = collectPageErrors(staffPage);
    await staffPage.goto(`/admin/promotions/coupons/${templateId}`);
    await staffPage.getByLabel("邮箱或手机号").fill(owner.email);
    await staffPage.getByLabel("密码").fill(owner.password);
    await staffPage.getByRole("button", { name: "登录" }).click();
    await staffPage.getByTestId("template-name").waitFor({ timeout: 30_000 });
    const overflow = await staffPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(staffPage, "admin-coupons-editor-phone");
    for (const [path, name] of [
      ["/admin/promotions/coupons", "admin-coupons-list-phone"],
      [`/admin/promotions/coupons/issue?templateId=${templateId}`, "admin-coupons-issue-phone"],
    ]) {
      await staffPage.goto(path ?? "");
      await staffPage.getByRole("heading", { level: 3 }).waitFor();
      await staffPage.getByText("满100减10").first().waitFor();
      const wider = await staffPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wider, name).toBeLessThanOrEqual(0);
      await screenshot(staffPage, name ?? "");
    }
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });
  it("reaches a member of the segment, who shows it at the counter, where a clerk redeems it", async () => {
    const [phone] = buyers[1];
    const memberContext = await newPhoneContext(world.browser, world.baseUrl);
    const member = await memberContext.newPage();
    const memberErrors = collectPageErrors(member);
    await member.goto("/m/tea");
    await member.getByPlaceholder("请输入手机号").fill(phone);
    const sentBefore = world.sms.messages.length;
    await member.getByRole("button", { name: "获取验证码" }).click();
    await member
      .getByPlaceholder("6 位验证码")
      .fill(await world.sms.waitForCode(phone, { since: sentBefore }));
    await member.getByRole("button", { name: "登录" }).click();
    await member.getByTestId("coupons-entry").click();
    const mine = member.getByTestId("my-coupon");
    await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(1);
    expect(await mine.first().textContent()).toContain("满100减10");
    await mine.first().click();
    await member.getByTestId("coupon-qr").waitFor();
    const code = ((await member.getByTestId("coupon-code").textContent()) ?? "").trim();

    const counterContext = await newPhoneContext(world.browser, world.baseUrl);
    const counter = await counterContext.newPage();
    const counterErrors = collectPageErrors(counter);
    await counter.goto("/admin/promotions/coupon-verify");
    await counter.getByLabel("邮箱或手机号").fill(owner.email);
    await counter.getByLabel("密码").fill(owner.password);
    await counter.getByRole("button", { name: "登录" }).click();
    await counter.getByTestId("coupon-verify-code").fill(code);
    await counter.getByTestId("coupon-verify-amount").fill("120");
    await counter.getByTestId("coupon-verify-lookup").click();
    await counter.getByTestId("coupon-verify-card").waitFor();
    expect(await counter.getByTestId("coupon-verify-card").textContent()).toContain(buyers[1][1]);
    expect(await counter.getByTestId("coupon-verify-payable").textContent()).toBe("¥110.00");
    await counter.getByTestId("coupon-verify-confirm").click();
    await counter.getByText("核销成功").waitFor();
    await screenshot(counter, "admin-coupons-segment-coupon-redeemed-phone");

    await member.goto("/m/tea/coupons?tab=used");
    await expect.poll(() => member.getByTestId("my-coupon").count(), { timeout: 15_000 }).toBe(1);
    expect(await member.getByTestId("my-coupon").first().getAttribute("data-status")).toBe("redeemed");
    await screenshot(member, "member-segment-coupon-used");
    expect(memberErrors).toEqual([]);
    expect(counterErrors).toEqual([]);
    await memberContext.close();
    await counterContext.close();
  });
});
