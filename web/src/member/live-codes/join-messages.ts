// The live-code landing's member-page strings (zh-CN first; English for visitors who switch).
import { interpolate } from "../../shared/i18n/interpolate";
import { useI18n } from "../i18n";

const zhCN = {
  joinTitle: "欢迎加入",
  joinHint: "输入手机号和验证码，加入会员并进群",
  joinSignedIn: "你已登录，点下方按钮加入",
  joinButton: "加入",
  whereTitle: "选择离你最近的门店",
  useLocation: "使用我的位置",
  locationShared: "已获取你的位置",
  locationDenied: "未能获取位置，请选择城市",
  chooseCity: "选择城市",
  welcomeTitle: "加入成功",
  welcomeBack: "欢迎回来",
  giftPoints: "入会礼：{points} 积分已到账",
  giftCoupon: "入会礼券已放入「我的优惠券」",
  yourGroup: "你的社群",
  yourStaff: "你的专属顾问",
  openGroup: "进入社群",
  openJoinLink: "打开入群链接",
  scanToJoin: "长按识别二维码加入",
  scanToAdd: "长按识别二维码添加好友",
  allFull: "当前群都满了，店员会尽快拉你进新群",
  codeInactive: "这个活码已停用",
  toMyPage: "去会员中心",
};

type JoinMessageKey = keyof typeof zhCN;

const en: Record<JoinMessageKey, string> = {
  joinTitle: "Welcome",
  joinHint: "Enter your phone and code to become a member and join",
  joinSignedIn: "You are signed in; tap below to join",
  joinButton: "Join",
  whereTitle: "Pick the store nearest to you",
  useLocation: "Use my location",
  locationShared: "Location received",
  locationDenied: "Could not get your location; choose a city",
  chooseCity: "Choose a city",
  welcomeTitle: "You're in",
  welcomeBack: "Welcome back",
  giftPoints: "Welcome gift: {points} points added",
  giftCoupon: "Your welcome coupon is in My coupons",
  yourGroup: "Your community",
  yourStaff: "Your personal adviser",
  openGroup: "Open the community",
  openJoinLink: "Open the join link",
  scanToJoin: "Press and hold the QR code to join",
  scanToAdd: "Press and hold the QR code to add them",
  allFull: "All groups are full right now; staff will add you to a new one soon",
  codeInactive: "This code is no longer in use",
  toMyPage: "Go to my member page",
};

const messages = { "zh-CN": zhCN, en };

export function useJoinText() {
  const i18n = useI18n();
  const jt = (key: JoinMessageKey, vars?: Record<string, string | number>) =>
    interpolate(messages[i18n.locale][key], vars);
  return { ...i18n, jt };
}
