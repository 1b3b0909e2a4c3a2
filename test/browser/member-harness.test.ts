import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPhoneContext } from "./support/browser.js";
import { type BrowserWorld, startBrowserWorld } from "./support/world.js";

describe("browser harness", () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    // The one file whose server creates and migrates its database itself, as a newcomer's would.
    world = await startBrowserWorld({}, { freshDatabase: true });
  });
  afterAll(() => world?.close());

  it("runs the real server on an embedded database it creates itself and drives Chromium against it", async () => {
    const context = await newPhoneContext(world.browser, world.baseUrl);
    const page = await context.newPage();
    const res = await page.goto("/healthz");
    expect(res?.status()).toBe(200);
    expect(await res?.json()).toEqual({ status: "ok", database: "pglite" });
    await context.close();
  });
});
