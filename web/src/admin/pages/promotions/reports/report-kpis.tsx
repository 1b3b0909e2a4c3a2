import { InfoCircleOutlined } from "@ant-design/icons";
import { Card, Col, Row, Statistic, Tooltip } from "antd";
import type { CouponReportTotals } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";
import { useFormat } from "../../../use-format";
import { formatRoi } from "./report-numbers";

type KpiCard = { key: string; label: MessageKey; value: string; help?: string };

/** The period's totals: issued, redeemed, redemption rate, discount given, GMV and ROI. */
export function ReportKpis({ totals, loading }: { totals: CouponReportTotals | null; loading: boolean }) {
  const t = useT();
  const f = useFormat();
  const d = totals;
  const cards: KpiCard[] = [
    {
      key: "issued",
      label: "couponReport.kpi.issued",
      value: d?.issued != null ? d.issued.toLocaleString() : "—",
      help: d ? t("couponReport.kpi.issuedHelp", { claimed: d.claimed ?? 0 }) : undefined,
    },
    {
      key: "redeemed",
      label: "couponReport.kpi.redeemed",
      value: d ? d.redeemed.toLocaleString() : "—",
      help: d ? t("couponReport.kpi.redeemedHelp", { rolledBack: d.rolledBack }) : undefined,
    },
    {
      key: "redemptionRate",
      label: "couponReport.kpi.redemptionRate",
      value: d?.redemptionRate != null ? f.percent(d.redemptionRate) : "—",
      help: t("couponReport.kpi.redemptionRateHelp"),
    },
    { key: "discount", label: "couponReport.kpi.discount", value: d ? f.money(d.discount) : "—" },
    {
      key: "gmv",
      label: "couponReport.kpi.gmv",
      value: d ? f.money(d.gmv) : "—",
      help: t("couponReport.kpi.gmvHelp"),
    },
    {
      key: "roi",
      label: "couponReport.kpi.roi",
      value: formatRoi(d?.roi ?? null),
      help: t("couponReport.kpi.roiHelp"),
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map((card) => (
        <Col key={card.key} xs={12} md={8} xl={4}>
          <Card size="small" loading={loading && !d} data-testid={`kpi-${card.key}`}>
            <Statistic
              title={
                card.help ? (
                  <Tooltip title={card.help}>
                    {t(card.label)} <InfoCircleOutlined />
                  </Tooltip>
                ) : (
                  t(card.label)
                )
              }
              value={card.value}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
