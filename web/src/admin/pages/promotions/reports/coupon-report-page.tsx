import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Spin, Typography } from "antd";
import { lazy, Suspense, useState } from "react";
import { useNavigate } from "react-router-dom";
import { ApiError, api, buildUrl, downloadFile } from "../../../../shared/api";
import type { CouponReport, CouponReportGrouping } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useLoad } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { periodOf } from "../../dashboard/period";
import { fillDays } from "./report-days";
import { ReportFilterBar, type ReportFilters } from "./report-filters";
import { ReportKpis } from "./report-kpis";
import { ReportTable, type TableGrouping } from "./report-table";

// ECharts is the console's largest dependency; load it only when a report is opened.
const ReportDailyChart = lazy(() =>
  import("./report-daily-chart").then((m) => ({ default: m.ReportDailyChart })),
);

const reportPath = "/api/v1/promotions/coupon-report";

function queryOf(filters: ReportFilters, groupBy: CouponReportGrouping) {
  return {
    from: filters.period.from,
    to: filters.period.to,
    groupBy,
    templateId: filters.templateId,
    storeId: filters.storeId,
  };
}

/** 优惠券报表: coupons issued and redeemed, discount, GMV and ROI over whole days, by day and per template, campaign or store. */
export function CouponReportPage() {
  const t = useT();
  const { message } = App.useApp();
  const { timeZone } = useFormat();
  const [filters, setFilters] = useState<ReportFilters>(() => ({
    preset: "last30",
    period: periodOf("last30", timeZone),
  }));
  const [groupBy, setGroupBy] = useState<TableGrouping>("template");
  const [downloading, setDownloading] = useState(false);

  const daily = useLoad(JSON.stringify(queryOf(filters, "day")), () =>
    api.get<CouponReport>(reportPath, queryOf(filters, "day")),
  );
  const table = useLoad(JSON.stringify(queryOf(filters, groupBy)), () =>
    api.get<CouponReport>(reportPath, queryOf(filters, groupBy)),
  );
  const totals = daily.data?.totals ?? null;
  const nothing = totals !== null && !totals.issued && totals.redeemed === 0 && totals.rolledBack === 0;

  async function downloadCsv() {
    setDownloading(true);
    try {
      const { from, to } = filters.period;
      await downloadFile(
        buildUrl(`${reportPath}.csv`, queryOf(filters, groupBy)),
        `coupon-report-${groupBy}-${from}-${to}.csv`,
      );
    } catch (cause) {
      message.error(
        t("couponReport.csvFailed", { message: cause instanceof ApiError ? cause.message : String(cause) }),
      );
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <PageHeader
        title={t("couponReport.title")}
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={downloadCsv}
            data-testid="report-csv"
          >
            {t("couponReport.downloadCsv")}
          </Button>
        }
      />
      <Flex vertical gap={4} style={{ marginBottom: 12 }}>
        <ReportFilterBar filters={filters} onChange={setFilters} />
        <Typography.Text type="secondary">{t("couponReport.period", { timeZone })}</Typography.Text>
      </Flex>
      <ErrorAlert
        error={daily.error ?? table.error}
        onRetry={() => {
          daily.reload();
          table.reload();
        }}
      />
      <ReportKpis totals={totals} loading={daily.loading} />
      {nothing ? (
        <ReportEmpty filtered={Boolean(filters.templateId || filters.storeId)} />
      ) : (
        <>
          <Card
            size="small"
            title={t("couponReport.chart.title")}
            style={{ marginTop: 12 }}
            data-testid="report-chart"
          >
            {daily.data ? (
              <Suspense fallback={<Spin style={{ display: "block", margin: "48px auto" }} />}>
                <ReportDailyChart days={fillDays(daily.data.rows, daily.data.from, daily.data.to)} />
              </Suspense>
            ) : (
              <Spin style={{ display: "block", margin: "48px auto" }} />
            )}
          </Card>
          <Card size="small" title={t("couponReport.table.title")} style={{ marginTop: 12 }}>
            <ReportTable
              report={table.data}
              loading={table.loading}
              groupBy={groupBy}
              onGroupBy={setGroupBy}
            />
          </Card>
        </>
      )}
    </>
  );
}

/** Nothing issued or redeemed: say how figures get here, with the way to start. */
function ReportEmpty({ filtered }: { filtered: boolean }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  return (
    <Card style={{ marginTop: 12 }} data-testid="report-empty">
      <Empty
        description={
          <Flex vertical gap={4} style={{ maxWidth: 560, margin: "0 auto" }}>
            <Typography.Text strong>{t("couponReport.empty.title")}</Typography.Text>
            <Typography.Text type="secondary">
              {filtered ? t("couponReport.empty.filtered") : t("couponReport.empty.hint")}
            </Typography.Text>
          </Flex>
        }
      >
        {!filtered && (
          <Flex gap={8} justify="center" wrap>
            {can("promotions:manage") && (
              <Button type="primary" onClick={() => navigate("/promotions/coupons/issue")}>
                {t("couponReport.empty.issue")}
              </Button>
            )}
            <Button onClick={() => navigate("/promotions/coupons")}>
              {t("couponReport.empty.templates")}
            </Button>
          </Flex>
        )}
      </Empty>
    </Card>
  );
}
