import { csvLine, csvText } from "../../../lib/csv.js";
import { formatFen } from "../../../lib/money.js";
import type { CouponReport, CouponReportRow } from "./coupon-report.js";

const header = [
  "key",
  "label",
  "issued",
  "claimed",
  "redeemed",
  "rolled_back",
  "discount_yuan",
  "gmv_yuan",
  "redemption_rate",
  "roi",
];

const count = (value: number | null) => (value === null ? "" : String(value));

function line(row: Pick<CouponReportRow, "key" | "label"> & CouponReport["totals"]): string {
  return csvLine([
    csvText(row.key),
    csvText(row.label),
    count(row.issued),
    count(row.claimed),
    String(row.redeemed),
    String(row.rolledBack),
    formatFen(row.discount),
    formatFen(row.gmv),
    count(row.redemptionRate),
    count(row.roi),
  ]);
}

/** The report as CSV: one line per row, then the totals; money in 元 with two decimals. */
export function couponReportCsv(report: CouponReport): string {
  return [
    csvLine(header),
    ...report.rows.map(line),
    line({ key: "total", label: `${report.from}..${report.to} (${report.timeZone})`, ...report.totals }),
  ].join("");
}
