import type { ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import type { Permission } from "../../shared/api-types";
import { ApiKeysPage } from "../pages/api-keys/api-keys-page";
import { AuditPage } from "../pages/audit/audit-page";
import { Customer360Page } from "../pages/customers/customer-360-page";
import { CustomersPage } from "../pages/customers/customers-page";
import { DashboardPage } from "../pages/dashboard/dashboard-page";
import { ForbiddenPage, NotFoundPage } from "../pages/error-pages";
import { ImportsPage } from "../pages/imports/imports-page";
import { OrderPage } from "../pages/orders/order-page";
import { OrdersPage } from "../pages/orders/orders-page";
import { SettingsPage } from "../pages/settings/settings-page";
import { StaffPage } from "../pages/staff/staff-page";
import { StoresPage } from "../pages/stores/stores-page";
import { useCan } from "../session";
import { AdminLayout } from "./admin-layout";
import { menuEntries } from "./menu-entries";

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
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AdminLayout>
  );
}

function guard(permission: Permission, page: ReactNode) {
  return <Guard permission={permission}>{page}</Guard>;
}
