import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server's webhook SMS sender POSTs (see docs/api.md). */
export type CapturedSms = { phone: string; code: string; merchant: string; expiresInSeconds: number };

export type SmsCapture = {
  /** The URL to give the server as QUANZI_SMS_WEBHOOK_URL. */
  url: string;
  messages: CapturedSms[];
  /** The newest code sent to `phone` after `since` messages, waiting for it to arrive. */
  waitForCode(phone: string, options?: { since?: number; timeoutMs?: number }): Promise<string>;
  close(): Promise<void>;
};

/** A tiny HTTP server in the test process standing in for the SMS gateway. */
export async function startSmsCapture(): Promise<SmsCapture> {
  const messages: CapturedSms[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        messages.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as CapturedSms);
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
      for (const wake of waiters) wake();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  const findCode = (phone: string, since: number) =>
    messages
      .slice(since)
      .filter((m) => m.phone === phone)
      .at(-1)?.code;

  return {
    url: `http://127.0.0.1:${port}/sms`,
    messages,
    waitForCode(phone, { since = 0, timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const code = findCode(phone, since);
          if (code === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(code);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No SMS code reached ${phone} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
