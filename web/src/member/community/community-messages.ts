// The community screens' member-page strings (zh-CN first; English for visitors who switch).
import { ApiError } from "../../shared/api";
import { interpolate } from "../../shared/i18n/interpolate";
import { errorText } from "../error-text";
import { useI18n } from "../i18n";

const zhCN = {
  communities: "社群",
  entryHint: "加入会员社群，领入群礼",
  back: "返回",
  loadFailed: "加载失败",
  retry: "重试",
  mine: "我的社群",
  open: "可以加入的社群",
  invitations: "社群邀请",
  invitedTo: "邀请你加入「{name}」",
  accept: "去看看",
  dismiss: "不了",
  teasers: "更高等级会员的专属社群",
  teaserHint: "升级到「{layer}」即可受邀加入",
  noCommunities: "暂时没有可以加入的社群",
  members: "{n} 位成员",
  membersOf: "{n} / {capacity} 位成员",
  full: "已满员",
  rules: "群规",
  acceptRules: "我已阅读并同意群规",
  join: "加入社群",
  joined: "已加入",
  welcomeTitle: "入群成功",
  welcomePoints: "入群礼：{points} 积分已到账",
  welcomeCoupon: "入群礼优惠券已放入「我的优惠券」",
  welcomeGift: "入群礼：{points} 积分",
  welcomeCouponOffer: "还有优惠券",
  openChat: "进入群聊",
  externalTitle: "扫码或点击链接加入群聊",
  externalHint: "长按识别二维码加入群聊，加入后点下面的按钮告诉我们",
  openLink: "打开入群链接",
  qrExpired: "二维码已过期，店员会尽快更新",
  confirmJoined: "我已入群",
  confirmedJoined: "已登记入群",
  leave: "退出社群",
  confirmLeave: "确定退出这个社群？",
  left: "已退出社群",
  platform_builtin: "会员社群",
  platform_wechat: "微信群",
  platform_wecom: "企业微信群",
  platform_qq: "QQ群",
  platform_other: "社群",
  errorFull: "社群已满员",
  errorRules: "请先阅读并同意群规",
  errorRemoved: "你已被移出该社群，如有疑问请联系店员",
  errorNotOpen: "这个社群暂不对你开放",
  errorNotFound: "社群不存在或已关闭",
};

export type CommunityMessageKey = keyof typeof zhCN;

const en: Record<CommunityMessageKey, string> = {
  communities: "Communities",
  entryHint: "Join the member community for a welcome gift",
  back: "Back",
  loadFailed: "Could not load",
  retry: "Retry",
  mine: "My communities",
  open: "Communities you can join",
  invitations: "Invitations",
  invitedTo: "You are invited to “{name}”",
  accept: "Take a look",
  dismiss: "No thanks",
  teasers: "Communities for higher tiers",
  teaserHint: "Reach “{layer}” to be invited",
  noCommunities: "No communities to join right now",
  members: "{n} members",
  membersOf: "{n} / {capacity} members",
  full: "Full",
  rules: "Rules",
  acceptRules: "I have read and accept the rules",
  join: "Join",
  joined: "Joined",
  welcomeTitle: "Welcome!",
  welcomePoints: "Welcome gift: {points} points added",
  welcomeCoupon: "Your welcome coupon is in My coupons",
  welcomeGift: "Welcome gift: {points} points",
  welcomeCouponOffer: "plus a coupon",
  openChat: "Open the chat",
  externalTitle: "Scan or tap to join the group",
  externalHint: "Long-press the QR code to join the group, then tap the button below",
  openLink: "Open the join link",
  qrExpired: "This QR code has expired; the shop will update it soon",
  confirmJoined: "I have joined",
  confirmedJoined: "Recorded: you are in",
  leave: "Leave community",
  confirmLeave: "Leave this community?",
  left: "You left the community",
  platform_builtin: "Member community",
  platform_wechat: "WeChat group",
  platform_wecom: "WeCom group",
  platform_qq: "QQ group",
  platform_other: "Community",
  errorFull: "This community is full",
  errorRules: "Please read and accept the rules first",
  errorRemoved: "You were removed from this community; ask the shop if this is a mistake",
  errorNotOpen: "This community is not open to you yet",
  errorNotFound: "This community does not exist or has closed",
};

const messages = { "zh-CN": zhCN, en };

type Vars = Record<string, string | number>;

/** The community screens' own t(), plus the member page's for shared words and generic errors. */
export function useCommunityText() {
  const i18n = useI18n();
  const ct = (key: CommunityMessageKey, vars?: Vars) => interpolate(messages[i18n.locale][key], vars);
  return { ...i18n, ct };
}

/** A failed community request in the member's words. */
export function communityErrorText(
  error: unknown,
  ct: (key: CommunityMessageKey, vars?: Vars) => string,
  t: Parameters<typeof errorText>[1],
): string {
  if (!(error instanceof ApiError)) return errorText(error, t);
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  if (error.code === "community_full") return ct("errorFull");
  if (error.code === "not_found") return ct("errorNotFound");
  if (reason === "rules_not_accepted") return ct("errorRules");
  if (reason === "removed") return ct("errorRemoved");
  if (reason === "not_in_audience") return ct("errorNotOpen");
  return errorText(error, t);
}
