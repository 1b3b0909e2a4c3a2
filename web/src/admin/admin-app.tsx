import { App as AntApp, Button, Result, Spin } from "antd";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { hasShop } from "../shared/api-types";
import { LocaleProvider, useT } from "./i18n/locale-context";
import { AdminRoutes } from "./layout/admin-routes";
import { InvitePage } from "./pages/auth/invite-page";
import { LoginPage } from "./pages/auth/login-page";
import { SetupPage } from "./pages/auth/setup-page";
import { SessionProvider, useSession } from "./session";

export function AdminApp() {
  return (
    <LocaleProvider>
      <AntApp>
        <SessionProvider>
          <BrowserRouter basename="/admin">
            <Routes>
              <Route path="/invite/:token" element={<InvitePage />} />
              <Route path="*" element={<SessionGate />} />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </LocaleProvider>
  );
}

/** Which face of the console to show: first-run setup, login, or the console itself (at the URL asked for). */
function SessionGate() {
  const t = useT();
  const { phase, error, reload, me, logout } = useSession();
  if (phase === "loading") {
    return (
      <div style={{ display: "grid", placeItems: "center", minHeight: "100vh" }}>
        <Spin size="large" />
      </div>
    );
  }
  if (phase === "failed") {
    return (
      <Result
        status="error"
        title={t("app.loadFailed")}
        subTitle={error?.message}
        extra={<Button onClick={reload}>{t("common.retry")}</Button>}
      />
    );
  }
  if (phase === "setup") return <SetupPage />;
  if (phase === "anonymous") return <LoginPage />;
  if (me && !hasShop(me)) {
    return (
      <Result
        status="403"
        title={t("app.noShop")}
        extra={<Button onClick={() => void logout()}>{t("auth.logout")}</Button>}
      />
    );
  }
  return <AdminRoutes />;
}
