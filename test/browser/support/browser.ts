import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { repoRoot } from "./quanzi-server.js";

/** Debian's Chromium; CI installs it with apt-get. Override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A WeChat in-app browser on an iPhone-sized screen, where members open the member page. */
const wechatUserAgent =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
  "Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN";

/** The browser's own language and zone (the server's pages should show the shop's zone whatever these are). */
export type ContextOptions = { locale?: string; timezoneId?: string };

export async function newPhoneContext(
  browser: Browser,
  baseUrl: string,
  { locale = "zh-CN", timezoneId = "Asia/Shanghai" }: ContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: wechatUserAgent,
    locale,
    timezoneId,
  });
}

export async function newDesktopContext(
  browser: Browser,
  baseUrl: string,
  { locale = "zh-CN", timezoneId = "Asia/Shanghai" }: ContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale,
    timezoneId,
  });
}

/** Where screenshots go: test/browser/screenshots (gitignored), or QUANZI_SCREENSHOT_DIR. */
export const screenshotDir =
  process.env.QUANZI_SCREENSHOT_DIR ?? path.join(repoRoot, "test/browser/screenshots");

/** Saves a PNG named `<name>.png` (the whole page unless fullPage is false) and returns its path. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Uncaught page errors and console errors, which a screenshot would not show; assert it stays empty.
 * Failed HTTP responses are left out: a 401 from a session probe is an expected answer.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}
