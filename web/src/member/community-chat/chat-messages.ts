// The community chat's member-page strings (zh-CN first; English for visitors who switch).
import { ApiError } from "../../shared/api";
import { interpolate } from "../../shared/i18n/interpolate";
import { errorText } from "../error-text";
import { useI18n } from "../i18n";
import type { MemberLocale } from "../messages";

const zhCN = {
  back: "返回",
  members: "{count} 位成员",
  loadEarlier: "查看更早的消息",
  noEarlier: "没有更早的消息了",
  empty: "还没有人说话，来打个招呼吧",
  placeholder: "说点什么…",
  send: "发送",
  image: "图片",
  link: "链接",
  linkTitle: "分享链接",
  linkUrl: "链接地址",
  linkUrlPlaceholder: "https://…",
  linkName: "标题（可选）",
  linkInvalid: "请输入 http:// 或 https:// 开头的链接",
  staff: "店员",
  you: "我",
  deleted: "该消息已被删除",
  pinned: "群公告",
  pinnedCount: "{count} 条公告",
  rulesTitle: "群规",
  rulesIntro: "进群前请阅读并遵守群规：",
  rulesAccept: "我已阅读并同意",
  mutedUntil: "你已被禁言，{time} 后可发言",
  connecting: "连接中…",
  offline: "连接已断开，正在重连…",
  removed: "你已被移出本群",
  cardCoupon: "优惠券",
  cardFlash: "限时抢购",
  cardCheckin: "每日签到",
  cardCheckinHint: "签到最高 {points} 积分",
  cardOpen: "去看看",
  cardGone: "已结束",
  errorBlocked: "消息包含违禁词「{word}」，未发送",
  errorMuted: "你已被禁言，暂时不能发言",
  errorRules: "请先同意群规",
  errorNotMember: "你不在这个群里",
  errorTooLarge: "图片不能超过 2 MB",
  errorImageType: "只能发送 PNG、JPEG、WebP 或 GIF 图片",
  loadFailed: "群聊加载失败",
  unread: "{count} 条新消息",
};

const en: Record<keyof typeof zhCN, string> = {
  back: "Back",
  members: "Members: {count}",
  loadEarlier: "Earlier messages",
  noEarlier: "No earlier messages",
  empty: "Nobody has spoken yet. Say hello!",
  placeholder: "Say something…",
  send: "Send",
  image: "Image",
  link: "Link",
  linkTitle: "Share a link",
  linkUrl: "Link",
  linkUrlPlaceholder: "https://…",
  linkName: "Title (optional)",
  linkInvalid: "Enter a link starting with http:// or https://",
  staff: "Staff",
  you: "Me",
  deleted: "This message was deleted",
  pinned: "Announcement",
  pinnedCount: "{count} announcements",
  rulesTitle: "Group rules",
  rulesIntro: "Please read and follow the group rules:",
  rulesAccept: "I have read and agree",
  mutedUntil: "You are muted until {time}",
  connecting: "Connecting…",
  offline: "Connection lost, reconnecting…",
  removed: "You were removed from this group",
  cardCoupon: "Coupon",
  cardFlash: "Flash sale",
  cardCheckin: "Daily check-in",
  cardCheckinHint: "Up to {points} points a day",
  cardOpen: "Open",
  cardGone: "Ended",
  errorBlocked: "Not sent: the message contains the blocked word “{word}”",
  errorMuted: "You are muted and cannot send messages for now",
  errorRules: "Please accept the group rules first",
  errorNotMember: "You are not in this group",
  errorTooLarge: "Images are limited to 2 MB",
  errorImageType: "Only PNG, JPEG, WebP or GIF images can be sent",
  loadFailed: "Could not load the chat",
  unread: "{count} new messages",
};

export type ChatKey = keyof typeof zhCN;
const tables: Record<MemberLocale, Record<ChatKey, string>> = { "zh-CN": zhCN, en };

export function useChatText() {
  const { locale, t } = useI18n();
  const ct = (key: ChatKey, vars?: Record<string, string | number>) => interpolate(tables[locale][key], vars);
  return { ct, t, locale };
}

type Problem = { code: string; message: string; details?: unknown };

/** What to tell the member when a send or upload fails, from the error's code and reason. */
export function chatErrorText(
  error: unknown,
  ct: ReturnType<typeof useChatText>["ct"],
  t: ReturnType<typeof useChatText>["t"],
): string {
  const problem: Problem | null =
    error instanceof ApiError
      ? { code: error.code, message: error.message, details: error.details }
      : typeof error === "object" && error !== null && "code" in error
        ? (error as Problem)
        : null;
  if (!problem) return errorText(error, t);
  const details = (problem.details ?? {}) as { word?: string };
  switch (problem.code) {
    case "message_blocked":
      return ct("errorBlocked", { word: details.word ?? "" });
    case "muted":
      return ct("errorMuted");
    case "rules_not_accepted":
      return ct("errorRules");
    case "forbidden":
      return ct("errorNotMember");
    case "payload_too_large":
      return ct("errorTooLarge");
    default:
      return error instanceof ApiError ? errorText(error, t) : problem.message;
  }
}
