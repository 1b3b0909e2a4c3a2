import {
  AccountBookOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  CrownOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  GiftOutlined,
  PercentageOutlined,
  PieChartOutlined,
  RiseOutlined,
  ScanOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SmileOutlined,
  StarOutlined,
  TagsOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
  WalletOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Permission } from "../../shared/api-types";
import type { MessageKey } from "../i18n/zh-cn";

export type MenuEntry = { path: string; label: MessageKey; icon: ReactNode; permission: Permission };

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
  { path: "/orders", label: "menu.orders", icon: <ShoppingCartOutlined />, permission: "orders:read" },
  { path: "/imports", label: "menu.imports", icon: <CloudUploadOutlined />, permission: "imports:run" },
  { path: "/stores", label: "menu.stores", icon: <ShopOutlined />, permission: "stores:manage" },
  { path: "/staff", label: "menu.staff", icon: <TeamOutlined />, permission: "staff:manage" },
  { path: "/api-keys", label: "menu.apiKeys", icon: <ApiOutlined />, permission: "apikeys:manage" },
  { path: "/settings", label: "menu.settings", icon: <SettingOutlined />, permission: "settings:manage" },
  { path: "/audit", label: "menu.audit", icon: <AuditOutlined />, permission: "audit:read" },
];
