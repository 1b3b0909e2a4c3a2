import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectPageErrors, newDesktopContext, screenshot } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

describe("admin console: the demo shop from the first-run page", () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  });
  afterAll(() => world?.close());

  it("loads the demo shop, shows its login once, and opens a dashboard with its figures", async () => {
    const context = await newDesktopContext(world.browser, world.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto("/admin");
    await page.getByTestId("load-demo").click();

    const login = page.getByTestId("demo-login");
    await login.waitFor({ timeout: 280_000 });
    const text = (await login.textContent()) ?? "";
    expect(text).toMatch(/@/);
    await screenshot(page, "admin-demo-login");
    await page.getByRole("button", { name: "知道了" }).click();

    await page.locator("canvas").first().waitFor();
    // About 2,000 customers and a month of orders: the cards show real numbers, not dashes.
    await expect
      .poll(async () => Number((await page.getByTestId("stat-customers").textContent())?.replace(/\D/g, "")))
      .toBeGreaterThan(1000);
    await expect
      .poll(async () => Number((await page.getByTestId("stat-orders").textContent())?.replace(/\D/g, "")))
      .toBeGreaterThan(100);
    await screenshot(page, "admin-demo-dashboard");
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
