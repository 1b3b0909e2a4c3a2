import {
  AccountBookOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  CoffeeOutlined,
  CommentOutlined,
  CrownOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  GiftOutlined,
  LineChartOutlined,
  LinkOutlined,
  MessageOutlined,
  PercentageOutlined,
  PieChartOutlined,
  ProfileOutlined,
  QrcodeOutlined,
  RiseOutlined,
  ScanOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SmileOutlined,
  StarOutlined,
  TagsOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UsergroupAddOutlined,
  UserOutlined,
  WalletOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Permission } from "../../shared/api-types";
import type { MessageKey } from "../i18n/zh-cn";

export type MenuEntry = {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission: Permission;
  /** Entries sharing a group sit in one submenu (e.g. 社群: communities, chat, live codes, links, messaging). */
  group?: { key: string; label: MessageKey; icon: ReactNode };
};

const communityGroup = { key: "community", label: "menu.community" as const, icon: <CommentOutlined /> };

/** The console's sections; each is shown only to roles holding its permission (the server checks again). */
export const menuEntries: MenuEntry[] = [
  { path: "/dashboard", label: "menu.dashboard", icon: <DashboardOutlined />, permission: "dashboard:read" },
  { path: "/customers", label: "menu.customers", icon: <UserOutlined />, permission: "customers:read" },
  { path: "/segments", label: "menu.segments", icon: <UsergroupAddOutlined />, permission: "customers:read" },
  { path: "/tags", label: "menu.tags", icon: <TagsOutlined />, permission: "customers:read" },
  { path: "/personas", label: "menu.personas", icon: <PieChartOutlined />, permission: "insight:read" },
  { path: "/layers", label: "insight.menu.layers", icon: <ApartmentOutlined />, permission: "insight:read" },
  {
    path: "/layer-flow",
    label: "insight.menu.layerFlow",
    icon: <RiseOutlined />,
    permission: "insight:read",
  },
  { path: "/loyalty/levels", label: "levels.menu", icon: <CrownOutlined />, permission: "loyalty:read" },
  {
    path: "/loyalty/points",
    label: "wallet.menu.points",
    icon: <StarOutlined />,
    permission: "loyalty:read",
  },
  {
    path: "/loyalty/stored-value",
    label: "wallet.menu.storedValue",
    icon: <WalletOutlined />,
    permission: "loyalty:read",
  },
  { path: "/loyalty/mall", label: "mall.menu.items", icon: <GiftOutlined />, permission: "loyalty:read" },
  {
    path: "/loyalty/exchanges",
    label: "mall.menu.exchanges",
    icon: <FileDoneOutlined />,
    permission: "loyalty:read",
  },
  { path: "/loyalty/pickup", label: "mall.menu.verify", icon: <ScanOutlined />, permission: "mall:verify" },
  {
    path: "/promotions/coupon-verify",
    label: "couponVerify.menu",
    icon: <ScanOutlined />,
    permission: "coupon:verify",
  },
  { path: "/loyalty/checkin", label: "checkin.menu", icon: <CalendarOutlined />, permission: "loyalty:read" },
  {
    path: "/loyalty/welcome-gift",
    label: "welcomeGift.menu",
    icon: <SmileOutlined />,
    permission: "loyalty:read",
  },
  {
    path: "/promotions/coupons",
    label: "coupons.menu.templates",
    icon: <PercentageOutlined />,
    permission: "promotions:read",
  },
  {
    path: "/promotions/redemptions",
    label: "coupons.menu.redemptions",
    icon: <AccountBookOutlined />,
    permission: "promotions:read",
  },
  {
    path: "/promotions/reports",
    label: "couponReport.menu",
    icon: <LineChartOutlined />,
    permission: "promotions:read",
  },
  // Before the sales entry: the menu highlights the first entry the path starts with.
  {
    path: "/promotions/flash-sales/purchases",
    label: "flash.menu.purchases",
    icon: <ProfileOutlined />,
    permission: "promotions:read",
  },
  {
    path: "/promotions/flash-sales",
    label: "flash.menu.sales",
    icon: <ThunderboltOutlined />,
    permission: "promotions:read",
  },
  {
    path: "/community/communities",
    label: "community.menu",
    icon: <TeamOutlined />,
    permission: "community:manage",
    group: communityGroup,
  },
  {
    path: "/community/messages",
    label: "messaging.menu",
    icon: <MessageOutlined />,
    permission: "promotions:read",
    group: communityGroup,
  },
  {
    path: "/links",
    label: "links.menu",
    icon: <LinkOutlined />,
    permission: "links:read",
    group: communityGroup,
  },
  {
    path: "/community/chat",
    label: "chat.menu",
    icon: <CommentOutlined />,
    permission: "community:manage",
    group: communityGroup,
  },
  {
    path: "/community/live-codes",
    label: "liveCodes.menu",
    icon: <QrcodeOutlined />,
    permission: "channels:manage",
    group: communityGroup,
  },
  {
    path: "/community/calendar",
    label: "content.menu.calendar",
    icon: <CalendarOutlined />,
    permission: "community:manage",
    group: communityGroup,
  },
  {
    path: "/community/templates",
    label: "content.menu.templates",
    icon: <FileDoneOutlined />,
    permission: "community:manage",
    group: communityGroup,
  },
  {
    path: "/community/tasks",
    label: "tasks.menu",
    icon: <ProfileOutlined />,
    permission: "dashboard:read",
    group: communityGroup,
  },
  {
    path: "/community/duty",
    label: "liveCodes.duty.title",
    icon: <CoffeeOutlined />,
    permission: "dashboard:read",
    group: communityGroup,
  },
  { path: "/orders", label: "menu.orders", icon: <ShoppingCartOutlined />, permission: "orders:read" },
  { path: "/imports", label: "menu.imports", icon: <CloudUploadOutlined />, permission: "imports:run" },
  { path: "/stores", label: "menu.stores", icon: <ShopOutlined />, permission: "stores:manage" },
  { path: "/staff", label: "menu.staff", icon: <TeamOutlined />, permission: "staff:manage" },
  { path: "/api-keys", label: "menu.apiKeys", icon: <ApiOutlined />, permission: "apikeys:manage" },
  { path: "/settings", label: "menu.settings", icon: <SettingOutlined />, permission: "settings:manage" },
  { path: "/audit", label: "menu.audit", icon: <AuditOutlined />, permission: "audit:read" },
];
