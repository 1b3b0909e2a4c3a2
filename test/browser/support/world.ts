import type { Browser } from "playwright-core";
import { launchChromium } from "./browser.js";
import { type QuanziServer, startQuanzi } from "./quanzi-server.js";
import { type SmsCapture, startSmsCapture } from "./sms-capture.js";

/** One test file's world: its own server and database, an SMS capture and a Chromium. */
export type BrowserWorld = {
  baseUrl: string;
  server: QuanziServer;
  sms: SmsCapture;
  browser: Browser;
  close(): Promise<void>;
};

/** Call in beforeAll; call close() in afterAll. */
export async function startBrowserWorld(
  env: Record<string, string> = {},
  options: { freshDatabase?: boolean } = {},
): Promise<BrowserWorld> {
  const sms = await startSmsCapture();
  let server: QuanziServer | undefined;
  try {
    server = await startQuanzi(
      { QUANZI_SMS_SENDER: "webhook", QUANZI_SMS_WEBHOOK_URL: sms.url, ...env },
      options,
    );
    const browser = await launchChromium();
    const running = server;
    return {
      baseUrl: server.baseUrl,
      server,
      sms,
      browser,
      async close() {
        await browser.close().catch(() => {});
        await running.stop();
        await sms.close();
      },
    };
  } catch (error) {
    await server?.stop();
    await sms.close();
    throw error;
  }
}
