import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { getShopMessaging } from "./message-settings.js";
import { resolveWebhookTarget, type WebhookTarget } from "./webhook-address.js";

export type WebhookAttempt = {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};

const timeoutMs = 10_000;

/** `sha256=` + hex HMAC-SHA256 of "<timestamp>.<body>" under the shop's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * One POST to the merchant's sender; any 2xx is success. Never throws. The host is resolved and
 * checked here, at delivery, and the connection goes to the checked address (a DNS answer that
 * changes after the check cannot send the request elsewhere); redirects are not followed.
 */
export async function postWebhook(
  webhook: { url: string; secret: string },
  event: string,
  deliveryId: string,
  payload: Record<string, unknown>,
  options: { allowPrivate: boolean; now?: Date },
): Promise<WebhookAttempt> {
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const body = JSON.stringify({ event, ...payload });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const target = await resolveWebhookTarget(webhook.url, { allowPrivate: options.allowPrivate });
    const status = await postTo(target, body, {
      "content-type": "application/json",
      "user-agent": "Quanzi-Webhook/1",
      "x-quanzi-event": event,
      "x-quanzi-delivery": deliveryId,
      "x-quanzi-timestamp": String(timestamp),
      "x-quanzi-signature": signWebhook(webhook.secret, timestamp, body),
    });
    const ok = status >= 200 && status < 300;
    return { ok, statusCode: status, error: ok ? null : `HTTP ${status}`, durationMs: elapsed() };
  } catch (error) {
    return {
      ok: false,
      statusCode: null,
      error: error instanceof Error ? error.message : String(error),
      durationMs: elapsed(),
    };
  }
}

function postTo(target: WebhookTarget, body: string, headers: Record<string, string>): Promise<number> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const send = target.url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target.url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

type MessageRow = {
  id: string;
  customer_id: string;
  customer_name: string | null;
  customer_phone: string | null;
  category: string;
  title: string;
  body: string;
  link: string | null;
  card: unknown;
  source_kind: string;
  source_id: string | null;
  send_id: string;
  delivered_at: Date | string;
};

/**
 * Posts one delivered message to the shop's webhook and logs the attempt. Throws on failure so
 * the job retries with backoff; a shop without a webhook (any more) ends the job quietly.
 */
export async function deliverMessageWebhook(
  database: Database,
  merchantId: string,
  messageId: string,
  attempt: number,
  options: { allowPrivate: boolean },
): Promise<WebhookAttempt | null> {
  const found = await withMerchant(database, merchantId, async (tx) => {
    const shop = await getShopMessaging(tx, merchantId);
    const [row] = rowsOf<MessageRow>(
      await tx.execute(sql`select m.id, m.customer_id, c.name as customer_name, c.phone as customer_phone,
          m.category, s.title, s.body, s.link, s.card, s.source_kind, s.source_id, m.send_id, m.delivered_at
        from messages m
        join message_sends s on s.merchant_id = m.merchant_id and s.id = m.send_id
        join customers c on c.merchant_id = m.merchant_id and c.id = m.customer_id
        where m.merchant_id = ${merchantId} and m.id = ${messageId} and m.status = 'delivered'`),
    );
    return row && shop.webhook ? { row, webhook: shop.webhook } : null;
  });
  if (!found) return null;
  const { row, webhook } = found;
  const result = await postWebhook(
    webhook,
    "message.delivered",
    row.id,
    {
      message: {
        id: row.id,
        sendId: row.send_id,
        category: row.category,
        title: row.title,
        body: row.body,
        link: row.link,
        card: row.card,
        source: { kind: row.source_kind, id: row.source_id },
        deliveredAt: new Date(row.delivered_at).toISOString(),
      },
      customer: { id: row.customer_id, name: row.customer_name, phone: row.customer_phone },
    },
    options,
  );
  await logAttempt(database, merchantId, messageId, attempt, webhook.url, result);
  if (!result.ok) throw new Error(`webhook ${webhook.url}: ${result.error}`);
  return result;
}

/** Sends a `webhook.test` event now and answers how it went (logged like any attempt). */
export async function testWebhook(
  database: Database,
  merchantId: string,
  options: { allowPrivate: boolean },
): Promise<WebhookAttempt> {
  const shop = await withMerchant(database, merchantId, (tx) => getShopMessaging(tx, merchantId));
  if (!shop.webhook) throw new AppError("unprocessable", "No webhook URL is set", { reason: "no_webhook" });
  const result = await postWebhook(
    shop.webhook,
    "webhook.test",
    `test-${Date.now()}`,
    {
      message: { title: "Quanzi webhook test", body: "测试消息" },
    },
    options,
  );
  await logAttempt(database, merchantId, null, 1, shop.webhook.url, result);
  return result;
}

async function logAttempt(
  database: Database,
  merchantId: string,
  messageId: string | null,
  attempt: number,
  url: string,
  result: WebhookAttempt,
) {
  await withMerchant(database, merchantId, (tx) =>
    tx.execute(sql`insert into message_webhook_deliveries
        (merchant_id, message_id, attempt, url, status_code, error, duration_ms)
      values (${merchantId}, ${messageId}, ${attempt}, ${url}, ${result.statusCode}, ${result.error},
        ${result.durationMs})`),
  );
}
