import { Spin } from "antd";
import { lazy, Suspense, useState } from "react";
import { api } from "../../../shared/api";
import type { Dashboard } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useLoad } from "../../use-api";
import { useFormat } from "../../use-format";
import { type Period, type PeriodPreset, periodOf } from "./period";
import { PeriodPicker } from "./period-picker";
import { StatCards } from "./stat-cards";

// ECharts is the console's largest dependency; load it only when the dashboard is opened.
const DashboardCharts = lazy(() =>
  import("./dashboard-charts").then((m) => ({ default: m.DashboardCharts })),
);
const InsightCharts = lazy(() => import("./insight-charts").then((m) => ({ default: m.InsightCharts })));

export function DashboardPage() {
  const t = useT();
  const { timeZone } = useFormat();
  const [preset, setPreset] = useState<PeriodPreset | "custom">("last30");
  const [period, setPeriod] = useState<Period>(() => periodOf("last30", timeZone));
  const dashboard = useLoad(`${period.from}/${period.to}`, () =>
    api.get<Dashboard>("/api/v1/dashboard", period),
  );

  return (
    <>
      <PageHeader
        title={t("menu.dashboard")}
        extra={
          <PeriodPicker
            preset={preset}
            period={period}
            timeZone={timeZone}
            onChange={(nextPreset, nextPeriod) => {
              setPreset(nextPreset);
              setPeriod(nextPeriod);
            }}
          />
        }
      />
      <ErrorAlert error={dashboard.error} onRetry={dashboard.reload} />
      <StatCards dashboard={dashboard.data} loading={dashboard.loading} />
      {dashboard.data && (
        <Suspense fallback={<Spin style={{ display: "block", marginTop: 48 }} />}>
          <DashboardCharts dashboard={dashboard.data} />
          <InsightCharts dashboard={dashboard.data} />
        </Suspense>
      )}
    </>
  );
}
