import { Spin } from "antd";
import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import type { Permission } from "../../shared/api-types";
import { ForbiddenPage, NotFoundPage } from "../pages/error-pages";
import { useCan } from "../session";
import { AdminLayout } from "./admin-layout";
import { menuEntries } from "./menu-entries";

// Each section is its own chunk, so a phone on a slow network downloads only the screen it opens.
const ApiKeysPage = lazy(() =>
  import("../pages/api-keys/api-keys-page").then((m) => ({ default: m.ApiKeysPage })),
);
const CommunitiesPage = lazy(() =>
  import("../pages/community/communities-page").then((m) => ({ default: m.CommunitiesPage })),
);
const CommunityPage = lazy(() =>
  import("../pages/community/community-page").then((m) => ({ default: m.CommunityPage })),
);
const AuditPage = lazy(() => import("../pages/audit/audit-page").then((m) => ({ default: m.AuditPage })));
const Customer360Page = lazy(() =>
  import("../pages/customers/customer-360-page").then((m) => ({ default: m.Customer360Page })),
);
const CustomersPage = lazy(() =>
  import("../pages/customers/customers-page").then((m) => ({ default: m.CustomersPage })),
);
const DashboardPage = lazy(() =>
  import("../pages/dashboard/dashboard-page").then((m) => ({ default: m.DashboardPage })),
);
const ImportsPage = lazy(() =>
  import("../pages/imports/imports-page").then((m) => ({ default: m.ImportsPage })),
);
const OrderPage = lazy(() => import("../pages/orders/order-page").then((m) => ({ default: m.OrderPage })));
const OrdersPage = lazy(() => import("../pages/orders/orders-page").then((m) => ({ default: m.OrdersPage })));
const SettingsPage = lazy(() =>
  import("../pages/settings/settings-page").then((m) => ({ default: m.SettingsPage })),
);
const StaffPage = lazy(() => import("../pages/staff/staff-page").then((m) => ({ default: m.StaffPage })));
const StoresPage = lazy(() => import("../pages/stores/stores-page").then((m) => ({ default: m.StoresPage })));

// Customer insight screens (web1): segments, personas, tags.
const SegmentsPage = lazy(() =>
  import("../pages/segments/segments-page").then((m) => ({ default: m.SegmentsPage })),
);
const SegmentPage = lazy(() =>
  import("../pages/segments/segment-page").then((m) => ({ default: m.SegmentPage })),
);
const SegmentEditPage = lazy(() =>
  import("../pages/segments/segment-edit-page").then((m) => ({ default: m.SegmentEditPage })),
);
const PersonaPage = lazy(() =>
  import("../pages/personas/persona-page").then((m) => ({ default: m.PersonaPage })),
);
const TagsPage = lazy(() => import("../pages/tags/tags-page").then((m) => ({ default: m.TagsPage })));
const TagPage = lazy(() => import("../pages/tags/tag-page").then((m) => ({ default: m.TagPage })));
// Customer insight screens (web2): layer settings and flow.
const LayersPage = lazy(() => import("../pages/layers/layers-page").then((m) => ({ default: m.LayersPage })));
const LayerFlowPage = lazy(() =>
  import("../pages/layers/layer-flow-page").then((m) => ({ default: m.LayerFlowPage })),
);

// Loyalty: member levels.
const LevelsPage = lazy(() =>
  import("../pages/loyalty/levels/levels-page").then((m) => ({ default: m.LevelsPage })),
);
// Loyalty: points rules and stored value.
const PointsRulesPage = lazy(() =>
  import("../pages/loyalty/points/points-rules-page").then((m) => ({ default: m.PointsRulesPage })),
);
const StoredValuePage = lazy(() =>
  import("../pages/loyalty/stored-value/stored-value-page").then((m) => ({ default: m.StoredValuePage })),
);

// Loyalty: points mall and pickup verification.
const MallItemsPage = lazy(() =>
  import("../pages/loyalty/mall/mall-items-page").then((m) => ({ default: m.MallItemsPage })),
);
const ExchangesPage = lazy(() =>
  import("../pages/loyalty/mall/exchanges-page").then((m) => ({ default: m.ExchangesPage })),
);
const VerifyPage = lazy(() =>
  import("../pages/loyalty/mall/verify-page").then((m) => ({ default: m.VerifyPage })),
);

// Loyalty: daily check-in and the new-member gift.
const CheckinSettingsPage = lazy(() =>
  import("../pages/loyalty/checkin/checkin-settings-page").then((m) => ({ default: m.CheckinSettingsPage })),
);
const WelcomeGiftPage = lazy(() =>
  import("../pages/loyalty/welcome-gift/welcome-gift-page").then((m) => ({ default: m.WelcomeGiftPage })),
);
// Promotions: coupon templates, issuing, code batches and redemptions.
const CouponTemplatesPage = lazy(() =>
  import("../pages/promotions/coupons/coupon-templates-page").then((m) => ({
    default: m.CouponTemplatesPage,
  })),
);
const TemplateEditorPage = lazy(() =>
  import("../pages/promotions/coupons/template-editor-page").then((m) => ({ default: m.TemplateEditorPage })),
);
const IssueWizardPage = lazy(() =>
  import("../pages/promotions/coupons/issue-wizard-page").then((m) => ({ default: m.IssueWizardPage })),
);
const CodeBatchesPage = lazy(() =>
  import("../pages/promotions/coupons/code-batches-page").then((m) => ({ default: m.CodeBatchesPage })),
);
const RedemptionsPage = lazy(() =>
  import("../pages/promotions/coupons/redemptions-page").then((m) => ({ default: m.RedemptionsPage })),
);
// Promotions: flash sales.
const FlashSalesPage = lazy(() =>
  import("../pages/promotions/flash-sales/flash-sales-page").then((m) => ({ default: m.FlashSalesPage })),
);
const FlashPurchasesPage = lazy(() =>
  import("../pages/promotions/flash-sales/purchases-page").then((m) => ({ default: m.FlashPurchasesPage })),
);
// Community: channel live codes.
const LiveCodesPage = lazy(() =>
  import("../pages/community/live-codes/live-codes-page").then((m) => ({ default: m.LiveCodesPage })),
);
const DutyPage = lazy(() =>
  import("../pages/community/live-codes/duty-card").then((m) => ({ default: m.DutyPage })),
);
// Promotions: coupon verification at the counter.
const CouponVerifyPage = lazy(() =>
  import("../pages/promotions/coupon-verify/coupon-verify-page").then((m) => ({
    default: m.CouponVerifyPage,
  })),
);
// Promotions: coupon reports.
const CouponReportPage = lazy(() =>
  import("../pages/promotions/reports/coupon-report-page").then((m) => ({ default: m.CouponReportPage })),
);
// Community: messaging and the over-marketing guard.
const MessagingPage = lazy(() =>
  import("../pages/community/messaging/messaging-page").then((m) => ({ default: m.MessagingPage })),
);
// Community: short links.
const ShortLinksPage = lazy(() =>
  import("../pages/links/short-links-page").then((m) => ({ default: m.ShortLinksPage })),
);
const ShortLinkStatsPage = lazy(() =>
  import("../pages/links/short-link-stats-page").then((m) => ({ default: m.ShortLinkStatsPage })),
);
// Community: the built-in chat.
const CommunityChatPage = lazy(() =>
  import("../pages/community/chat/community-chat-page").then((m) => ({ default: m.CommunityChatPage })),
);
// Community: the content calendar, its templates and staff tasks.
const ContentCalendarPage = lazy(() =>
  import("../pages/community/content/content-calendar-page").then((m) => ({
    default: m.ContentCalendarPage,
  })),
);
const ContentTemplatesPage = lazy(() =>
  import("../pages/community/content/content-templates-page").then((m) => ({
    default: m.ContentTemplatesPage,
  })),
);
const StaffTasksPage = lazy(() =>
  import("../pages/community/content/staff-tasks-page").then((m) => ({ default: m.StaffTasksPage })),
);
function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? children : <ForbiddenPage />;
}

function HomeRedirect() {
  const can = useCan();
  const first = menuEntries.find((entry) => can(entry.permission));
  return <Navigate to={first?.path ?? "/settings"} replace />;
}

export function AdminRoutes() {
  return (
    <AdminLayout>
      <Suspense fallback={<Spin style={{ display: "block", margin: "48px auto" }} />}>
        <Routes>
          <Route path="/" element={<HomeRedirect />} />
          <Route path="/login" element={<HomeRedirect />} />
          <Route path="/setup" element={<HomeRedirect />} />
          <Route path="/dashboard" element={guard("dashboard:read", <DashboardPage />)} />
          <Route path="/customers" element={guard("customers:read", <CustomersPage />)} />
          <Route path="/customers/:id" element={guard("customers:read", <Customer360Page />)} />
          <Route path="/orders" element={guard("orders:read", <OrdersPage />)} />
          <Route path="/orders/:id" element={guard("orders:read", <OrderPage />)} />
          <Route path="/imports" element={guard("imports:run", <ImportsPage />)} />
          <Route path="/stores" element={guard("stores:manage", <StoresPage />)} />
          <Route path="/staff" element={guard("staff:manage", <StaffPage />)} />
          <Route path="/api-keys" element={guard("apikeys:manage", <ApiKeysPage />)} />
          <Route path="/settings" element={guard("settings:manage", <SettingsPage />)} />
          <Route path="/audit" element={guard("audit:read", <AuditPage />)} />
          <Route path="/segments" element={guard("customers:read", <SegmentsPage />)} />
          <Route path="/segments/new" element={guard("segments:manage", <SegmentEditPage />)} />
          <Route path="/segments/:id" element={guard("customers:read", <SegmentPage />)} />
          <Route path="/segments/:id/edit" element={guard("segments:manage", <SegmentEditPage />)} />
          <Route path="/personas" element={guard("insight:read", <PersonaPage />)} />
          <Route path="/personas/:kind/:id" element={guard("insight:read", <PersonaPage />)} />
          <Route path="/tags" element={guard("customers:read", <TagsPage />)} />
          <Route path="/tags/:id" element={guard("customers:read", <TagPage />)} />
          <Route path="/layers" element={guard("insight:read", <LayersPage />)} />
          <Route path="/layer-flow" element={guard("insight:read", <LayerFlowPage />)} />
          <Route path="/loyalty/levels" element={guard("loyalty:read", <LevelsPage />)} />
          <Route path="/loyalty/points" element={guard("loyalty:read", <PointsRulesPage />)} />
          <Route path="/loyalty/stored-value" element={guard("loyalty:read", <StoredValuePage />)} />
          <Route path="/loyalty/mall" element={guard("loyalty:read", <MallItemsPage />)} />
          <Route path="/loyalty/exchanges" element={guard("loyalty:read", <ExchangesPage />)} />
          <Route path="/loyalty/pickup" element={guard("mall:verify", <VerifyPage />)} />
          <Route path="/community/chat" element={guard("community:manage", <CommunityChatPage />)} />
          <Route path="/promotions/coupon-verify" element={guard("coupon:verify", <CouponVerifyPage />)} />
          <Route path="/loyalty/checkin" element={guard("loyalty:read", <CheckinSettingsPage />)} />
          <Route path="/loyalty/welcome-gift" element={guard("loyalty:read", <WelcomeGiftPage />)} />
          <Route path="/promotions/coupons" element={guard("promotions:read", <CouponTemplatesPage />)} />
          <Route
            path="/promotions/coupons/new"
            element={guard("promotions:manage", <TemplateEditorPage />)}
          />
          <Route path="/promotions/coupons/issue" element={guard("promotions:manage", <IssueWizardPage />)} />
          <Route path="/promotions/coupons/batches" element={guard("promotions:read", <CodeBatchesPage />)} />
          <Route path="/promotions/redemptions" element={guard("promotions:read", <RedemptionsPage />)} />
          <Route path="/promotions/reports" element={guard("promotions:read", <CouponReportPage />)} />
          <Route path="/promotions/coupons/:id" element={guard("promotions:read", <TemplateEditorPage />)} />
          <Route path="/promotions/flash-sales" element={guard("promotions:read", <FlashSalesPage />)} />
          <Route
            path="/promotions/flash-sales/purchases"
            element={guard("promotions:read", <FlashPurchasesPage />)}
          />
          <Route path="/community/communities" element={guard("community:manage", <CommunitiesPage />)} />
          <Route path="/community/communities/:id" element={guard("community:manage", <CommunityPage />)} />
          <Route path="/community/messages" element={guard("promotions:read", <MessagingPage />)} />
          <Route path="/links" element={guard("links:read", <ShortLinksPage />)} />
          <Route path="/links/:id" element={guard("links:read", <ShortLinkStatsPage />)} />
          <Route path="/community/live-codes" element={guard("channels:manage", <LiveCodesPage />)} />
          <Route path="/community/duty" element={guard("dashboard:read", <DutyPage />)} />
          <Route path="/community/calendar" element={guard("community:manage", <ContentCalendarPage />)} />
          <Route path="/community/templates" element={guard("community:manage", <ContentTemplatesPage />)} />
          <Route path="/community/tasks" element={guard("dashboard:read", <StaffTasksPage />)} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AdminLayout>
  );
}

function guard(permission: Permission, page: ReactNode) {
  return <Guard permission={permission}>{page}</Guard>;
}
