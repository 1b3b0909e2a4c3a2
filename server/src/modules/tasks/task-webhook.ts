import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { getShopMessaging } from "../messaging/message-settings.js";
import { postWebhook, type WebhookAttempt } from "../messaging/webhook.js";
import { getTask } from "./staff-tasks.js";

/** The task's link as staff open it: absolute on the public URL when one is configured. */
export function absoluteLink(link: string | null): string | null {
  if (!link?.startsWith("/")) return link;
  const base = process.env.QUANZI_PUBLIC_URL?.replace(/\/$/u, "");
  return base ? `${base}${link}` : link;
}

/**
 * Posts `task.created` to the shop's sender, signed like messaging's webhooks. Throws on failure
 * so the job retries with backoff; a shop without a webhook (any more) ends quietly.
 */
export async function deliverTaskWebhook(
  database: Database,
  merchantId: string,
  taskId: string,
  options: { allowPrivate: boolean },
): Promise<WebhookAttempt | null> {
  const found = await withMerchant(database, merchantId, async (tx) => {
    const shop = await getShopMessaging(tx, merchantId);
    if (!shop.webhook) return null;
    return { webhook: shop.webhook, task: await getTask(tx, merchantId, taskId) };
  });
  if (!found) return null;
  const { task, webhook } = found;
  const result = await postWebhook(
    webhook,
    "task.created",
    task.id,
    {
      task: {
        id: task.id,
        kind: task.kind,
        title: task.title,
        body: task.body,
        imageUrl: task.imageUrl,
        link: absoluteLink(task.linkUrl),
        community: task.communityId ? { id: task.communityId, name: task.communityName } : null,
        assignee: task.assigneeStaffId ? { id: task.assigneeStaffId, name: task.assigneeName } : null,
        status: task.status,
        createdAt: task.createdAt.toISOString(),
      },
    },
    options,
  );
  if (!result.ok) throw new Error(`webhook ${webhook.url}: ${result.error}`);
  return result;
}
