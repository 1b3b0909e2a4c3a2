import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { randomToken } from "../../lib/tokens.js";
import type { GuardSettings } from "./guard-rules.js";
import type { MessageSettingsChange, MessageSettingsView } from "./schemas.js";
import { resolveWebhookTarget } from "./webhook-address.js";

/** On by default: a shop that never opened the settings gets these. */
export const defaultGuardSettings: GuardSettings = {
  guardEnabled: true,
  dailyCap: 2,
  weeklyCap: 5,
  quietHours: { start: 21 * 60, end: 9 * 60 },
  communityDailyCap: 3,
};

export type ShopMessaging = {
  settings: GuardSettings;
  timeZone: string;
  webhook: { url: string; secret: string } | null;
};

type SettingsRow = {
  time_zone: string;
  configured: boolean;
  guard_enabled: boolean | null;
  daily_cap: number | null;
  weekly_cap: number | null;
  quiet_start: number | null;
  quiet_end: number | null;
  community_daily_cap: number | null;
  webhook_url: string | null;
  webhook_secret: string | null;
};

/** The guard's rules, time zone and webhook of each given shop (defaults where none were saved). */
export async function loadShopMessaging(tx: Tx, merchantIds: string[]): Promise<Map<string, ShopMessaging>> {
  const rows = rowsOf<SettingsRow & { merchant_id: string }>(
    await tx.execute(sql`
      select m.id as merchant_id, m.time_zone, s.merchant_id is not null as configured, s.guard_enabled,
             s.daily_cap, s.weekly_cap, s.quiet_start, s.quiet_end, s.community_daily_cap,
             s.webhook_url, s.webhook_secret
        from merchants m left join message_settings s on s.merchant_id = m.id
       where m.id = any(${`{${merchantIds.join(",")}}`}::uuid[])`),
  );
  return new Map(rows.map((r) => [r.merchant_id, shopMessagingOf(r)]));
}

function shopMessagingOf(r: SettingsRow): ShopMessaging {
  const settings: GuardSettings = r.configured
    ? {
        guardEnabled: r.guard_enabled ?? true,
        dailyCap: r.daily_cap,
        weeklyCap: r.weekly_cap,
        quietHours:
          r.quiet_start === null || r.quiet_end === null ? null : { start: r.quiet_start, end: r.quiet_end },
        communityDailyCap: r.community_daily_cap,
      }
    : defaultGuardSettings;
  const webhook = r.webhook_url && r.webhook_secret ? { url: r.webhook_url, secret: r.webhook_secret } : null;
  return { settings, timeZone: r.time_zone, webhook };
}

export async function getShopMessaging(tx: Tx, merchantId: string): Promise<ShopMessaging> {
  const shop = (await loadShopMessaging(tx, [merchantId])).get(merchantId);
  if (!shop) throw notFound("Merchant");
  return shop;
}

const toClock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const fromClock = (c: string) => Number(c.slice(0, 2)) * 60 + Number(c.slice(3, 5));

export function settingsViewOf(shop: ShopMessaging): MessageSettingsView {
  const { settings } = shop;
  return {
    guardEnabled: settings.guardEnabled,
    dailyCap: settings.dailyCap,
    weeklyCap: settings.weeklyCap,
    quietHours: settings.quietHours
      ? { start: toClock(settings.quietHours.start), end: toClock(settings.quietHours.end) }
      : null,
    communityDailyCap: settings.communityDailyCap,
    webhookUrl: shop.webhook?.url ?? null,
    webhookSecretSet: shop.webhook !== null,
    timeZone: shop.timeZone,
  };
}

export async function getMessageSettings(tx: Tx, merchantId: string): Promise<MessageSettingsView> {
  return settingsViewOf(await getShopMessaging(tx, merchantId));
}

/**
 * Saves the changed fields over the current ones (defaults included). Setting a webhook URL makes
 * a signing secret if there is none; the new secret is answered once.
 */
export async function updateMessageSettings(
  tx: Tx,
  merchantId: string,
  change: MessageSettingsChange,
  options: { allowPrivateWebhooks?: boolean } = {},
): Promise<MessageSettingsView & { webhookSecret?: string }> {
  if (change.webhookUrl) {
    await resolveWebhookTarget(change.webhookUrl, { allowPrivate: options.allowPrivateWebhooks ?? false });
  }
  const current = await getShopMessaging(tx, merchantId);
  const s = current.settings;
  const quiet =
    change.quietHours === undefined
      ? s.quietHours
      : change.quietHours && {
          start: fromClock(change.quietHours.start),
          end: fromClock(change.quietHours.end),
        };
  const webhookUrl = change.webhookUrl === undefined ? (current.webhook?.url ?? null) : change.webhookUrl;
  let secret = current.webhook?.secret ?? null;
  let newSecret: string | undefined;
  if (webhookUrl && (!secret || change.rotateWebhookSecret)) {
    newSecret = `whsec_${randomToken(32)}`;
    secret = newSecret;
  }
  if (!webhookUrl) secret = null;
  await tx.execute(sql`
    insert into message_settings (merchant_id, guard_enabled, daily_cap, weekly_cap, quiet_start, quiet_end,
      community_daily_cap, webhook_url, webhook_secret, updated_at)
    values (${merchantId}, ${change.guardEnabled ?? s.guardEnabled},
      ${change.dailyCap === undefined ? s.dailyCap : change.dailyCap},
      ${change.weeklyCap === undefined ? s.weeklyCap : change.weeklyCap},
      ${quiet?.start ?? null}, ${quiet?.end ?? null},
      ${change.communityDailyCap === undefined ? s.communityDailyCap : change.communityDailyCap},
      ${webhookUrl}, ${secret}, now())
    on conflict (merchant_id) do update set guard_enabled = excluded.guard_enabled,
      daily_cap = excluded.daily_cap, weekly_cap = excluded.weekly_cap, quiet_start = excluded.quiet_start,
      quiet_end = excluded.quiet_end, community_daily_cap = excluded.community_daily_cap,
      webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret, updated_at = now()`);
  const view = await getMessageSettings(tx, merchantId);
  return newSecret ? { ...view, webhookSecret: newSecret } : view;
}
