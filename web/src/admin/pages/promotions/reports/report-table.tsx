import { Segmented, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router-dom";
import type { CouponReport, CouponReportGrouping, CouponReportRow } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";
import { useFormat } from "../../../use-format";
import { rowLabel } from "./report-labels";
import { compareNullable, formatRoi } from "./report-numbers";

export type TableGrouping = Exclude<CouponReportGrouping, "day">;
export const tableGroupings: TableGrouping[] = ["template", "campaign", "store"];

const nameColumn: Record<TableGrouping, MessageKey> = {
  template: "couponReport.col.template",
  campaign: "couponReport.col.campaign",
  store: "couponReport.col.store",
};

type Props = {
  report: CouponReport | null;
  loading: boolean;
  groupBy: TableGrouping;
  onGroupBy: (groupBy: TableGrouping) => void;
};

/** The report's rows under the chosen grouping, sortable, with the totals underneath. */
export function ReportTable({ report, loading, groupBy, onGroupBy }: Props) {
  const t = useT();
  const f = useFormat();
  const shown = report?.groupBy === groupBy ? report : null;
  const count = (n: number | null) => (n === null ? "—" : n.toLocaleString());
  const percent = (ratio: number | null) => (ratio === null ? "—" : f.percent(ratio));
  const byStore = groupBy === "store";

  const columns: ColumnsType<CouponReportRow & { name: string }> = [
    {
      title: t(nameColumn[groupBy]),
      dataIndex: "name",
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (name: string, row) =>
        groupBy === "template" && row.label !== row.key ? (
          <Link to={`/promotions/coupons/${row.key}`}>{name}</Link>
        ) : (
          name
        ),
    },
    ...(byStore
      ? []
      : [
          {
            title: t("couponReport.col.issued"),
            dataIndex: "issued",
            align: "right" as const,
            sorter: (a: CouponReportRow, b: CouponReportRow) => compareNullable(a.issued, b.issued),
            render: count,
          },
          {
            title: t("couponReport.col.claimed"),
            dataIndex: "claimed",
            align: "right" as const,
            sorter: (a: CouponReportRow, b: CouponReportRow) => compareNullable(a.claimed, b.claimed),
            render: count,
          },
        ]),
    {
      title: t("couponReport.col.redeemed"),
      dataIndex: "redeemed",
      align: "right",
      sorter: (a, b) => a.redeemed - b.redeemed,
      defaultSortOrder: "descend",
      render: count,
    },
    {
      title: t("couponReport.col.rolledBack"),
      dataIndex: "rolledBack",
      align: "right",
      sorter: (a, b) => a.rolledBack - b.rolledBack,
      render: count,
    },
    {
      title: t("couponReport.col.discount"),
      dataIndex: "discount",
      align: "right",
      sorter: (a, b) => a.discount - b.discount,
      render: (fen: number) => f.money(fen),
    },
    {
      title: t("couponReport.col.gmv"),
      dataIndex: "gmv",
      align: "right",
      sorter: (a, b) => a.gmv - b.gmv,
      render: (fen: number) => f.money(fen),
    },
    ...(byStore
      ? []
      : [
          {
            title: t("couponReport.col.redemptionRate"),
            dataIndex: "redemptionRate",
            align: "right" as const,
            sorter: (a: CouponReportRow, b: CouponReportRow) =>
              compareNullable(a.redemptionRate, b.redemptionRate),
            render: percent,
          },
        ]),
    {
      title: t("couponReport.col.roi"),
      dataIndex: "roi",
      align: "right",
      sorter: (a, b) => compareNullable(a.roi, b.roi),
      render: formatRoi,
    },
  ];

  const rows = (shown?.rows ?? []).map((row) => ({ ...row, name: rowLabel(groupBy, row, t) }));
  const totals = shown?.totals;
  const totalCells = totals
    ? [
        ...(byStore ? [] : [count(totals.issued), count(totals.claimed)]),
        count(totals.redeemed),
        count(totals.rolledBack),
        f.money(totals.discount),
        f.money(totals.gmv),
        ...(byStore ? [] : [percent(totals.redemptionRate)]),
        formatRoi(totals.roi),
      ]
    : [];

  return (
    <>
      <Segmented<TableGrouping>
        value={groupBy}
        onChange={onGroupBy}
        data-testid="report-grouping"
        options={tableGroupings.map((g) => ({ value: g, label: t(`couponReport.group.${g}`) }))}
        style={{ marginBottom: 12 }}
      />
      {byStore && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t("couponReport.storeIssuedHint")}
        </Typography.Paragraph>
      )}
      <Table
        size="small"
        rowKey="key"
        loading={loading}
        dataSource={rows}
        columns={columns}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: "max-content" }}
        data-testid="report-table"
        summary={() =>
          totals && rows.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="report-total">
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t("couponReport.total")}</Typography.Text>
                </Table.Summary.Cell>
                {totalCells.map((cell, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional, one per column
                  <Table.Summary.Cell key={index} index={index + 1} align="right">
                    <Typography.Text strong>{cell}</Typography.Text>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
    </>
  );
}
