// The new-member gift settings as the screen edits them and as the PUT body, the member-page join
// link for a channel, and the server's complaints put back on the field they name. Pure.
import type { GiftItem, WelcomeGiftSettings } from "../../../../shared/api-types";

export type WelcomeGiftBody = Omit<WelcomeGiftSettings, "updatedAt">;
export type WelcomeGiftDraft = WelcomeGiftBody & { couponTemplateId: string };

export function draftOf(settings: WelcomeGiftSettings): WelcomeGiftDraft {
  const { updatedAt: _updatedAt, ...rest } = settings;
  return {
    ...rest,
    items: settings.items.map((i) => ({ ...i })),
    couponTemplateId: settings.coupon?.templateId ?? "",
  };
}

/** Blank item rows are dropped; the coupon is the template id typed, if any. */
export function giftBody(draft: WelcomeGiftDraft): WelcomeGiftBody {
  const { couponTemplateId, ...rest } = draft;
  const items: GiftItem[] = draft.items
    .map((i) => ({ name: i.name.trim(), quantity: i.quantity }))
    .filter((i) => i.name !== "");
  const templateId = couponTemplateId.trim();
  return {
    ...rest,
    channels: draft.channels.map((c) => c.trim()).filter((c) => c !== ""),
    items,
    coupon: templateId ? { templateId, quantity: 1 } : null,
  };
}

/** The member-page link a channel's poster or ad points at. */
export function joinLink(origin: string, slug: string, channel: string): string {
  return `${origin}/m/${encodeURIComponent(slug)}?channel=${encodeURIComponent(channel)}`;
}

/** `details.issues` by field (body.points → points, body.items.0.name → items). */
export function giftProblemsOf(
  details: unknown,
  message: string,
): { fields: Record<string, string>; general: string[] } {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  const issues = ((details ?? {}) as { issues?: { path: string; message: string }[] }).issues ?? [];
  for (const issue of issues) {
    const field = issue.path.replace(/^body\.?/, "").split(".")[0] ?? "";
    if (field) fields[field] = fields[field] ? `${fields[field]}; ${issue.message}` : issue.message;
    else general.push(issue.message);
  }
  if (issues.length === 0) general.push(message);
  return { fields, general };
}
