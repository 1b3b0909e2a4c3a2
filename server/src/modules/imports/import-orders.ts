import { parseShopDate } from "../../lib/dates.js";
import { parseYuanToFen } from "../../lib/money.js";
import { normalizePhone } from "../../lib/phone.js";
import { importOrderLines } from "../orders/bulk-import.js";
import { type ApplyTarget, completeImport } from "./complete-import.js";
import { convertDistinct } from "./convert-distinct.js";
import type { CsvCopyStream } from "./csv-records.js";
import { type ImportSession, traceStep } from "./import-session.js";
import { type OrderLineLookups, reportBadLinesSql, typedOrderLinesSql } from "./order-line-checks.js";
import type { StageContext } from "./run-import.js";

/**
 * Streams the file into a raw staging table with COPY (PostgreSQL parses the CSV), converts and
 * checks every line set-based, and reports bad lines. An order with a bad line is left out whole
 * (its other lines are dropped too), so it never lands with a wrong total.
 */
export async function stageOrderLines(ctx: StageContext<CsvCopyStream>): Promise<{ rows: number }> {
  const { session, stage, csv } = ctx;
  const rawStage = session.tempName("import_raw");
  const cells = csv.headers.map((_, i) => `c${i}`);
  await session.query(
    `create temp table ${rawStage} (row_no int not null, edge_space boolean not null, ${cells.map((c) => `${c} text`).join(", ")})`,
  );
  const copyStarted = performance.now();
  const writer = session.copyCsvInto(rawStage, ["row_no", "edge_space", ...cells], csv.delimiter);
  const malformed: { rowNo: number; message: string; values: string[] }[] = [];
  for await (const chunk of csv.chunks((record) => malformed.push(record))) {
    await writer.write(chunk);
    for (const bad of malformed.splice(0)) await ctx.recordError(bad.rowNo, bad.message, bad.values);
    await ctx.tickRows(csv.rows());
  }
  await writer.finish();
  traceStep(`copy ${csv.rows()} rows into ${rawStage}`, copyStarted);
  const lookups = await convertLookups(ctx, rawStage);
  await session.query(typedOrderLinesSql({ stage, rawStage, columns: ctx.columns, lookups }));
  const [bad] = await session.query<{ n: number }>(
    `select count(*)::int as n from ${stage} where error is not null`,
  );
  if (bad?.n) {
    await session.inMerchantTransaction(ctx.merchantId, (query) =>
      query(reportBadLinesSql(stage, rawStage, csv.headers.length), [
        ctx.merchantId,
        ctx.importId,
        csv.headers,
      ]),
    );
    ctx.countWrittenErrors(bad.n);
    await session.query(
      `delete from ${stage} where error is not null
         or order_no in (select order_no from ${stage} where error is not null and order_no is not null)`,
    );
  }
  await session.query(`drop table ${rawStage}`);
  for (const lookup of Object.values(lookups)) await session.query(`drop table ${lookup}`);
  return { rows: csv.rows() };
}

/** Dates, amounts and phones parsed once per distinct text, by the same functions the API uses. */
async function convertLookups(ctx: StageContext<CsvCopyStream>, rawStage: string): Promise<OrderLineLookups> {
  const { session, columns } = ctx;
  const select = (...fields: string[]) => {
    const parts = fields
      .map((f) => columns.get(f))
      .filter((i) => i !== undefined)
      .map((i) => `select c${i} as raw from ${rawStage}`);
    return parts.length ? parts.join(" union all ") : "select null::text as raw";
  };
  const lookups: OrderLineLookups = {
    dates: session.tempName("import_dates"),
    amounts: session.tempName("import_amounts"),
    phones: session.tempName("import_phones"),
    quantities: session.tempName("import_quantities"),
  };
  const text = (raw: string) => raw.trim() || null;
  await convertDistinct(session, {
    table: lookups.dates,
    valueType: "timestamptz",
    source: select("placedAt"),
    convert: (raw) => {
      const ms = text(raw) === null ? null : parseShopDate(raw, ctx.timeZone);
      return ms === null ? null : new Date(ms).toISOString();
    },
  });
  await convertDistinct(session, {
    table: lookups.amounts,
    valueType: "bigint",
    source: select("unitPrice", "discount"),
    convert: (raw) => (text(raw) === null ? null : parseYuanToFen(raw)),
  });
  await convertDistinct(session, {
    table: lookups.phones,
    valueType: "text",
    source: select("customerPhone"),
    convert: (raw) => {
      const phone = text(raw) === null ? null : normalizePhone(raw);
      return phone !== null && /^\+?\d{5,20}$/.test(phone) ? phone : null;
    },
  });
  await convertDistinct(session, {
    table: lookups.quantities,
    valueType: "int",
    source: select("quantity"),
    convert: (raw) => {
      const quantity = raw.trim();
      if (!/^[+-]?\d{1,9}(\.0+)?$/.test(quantity) || Number(quantity) === 0) return null;
      return Math.trunc(Number(quantity));
    },
  });
  return lookups;
}

export async function applyOrderLines(
  session: ImportSession,
  target: ApplyTarget,
  rows: number,
  readErrors: number,
): Promise<Record<string, number>> {
  // Statistics on the columns the joins and groupings use; the rest are not worth the time.
  await session.query(`analyze ${target.stage} (row_no, order_no, sku, quantity)`);
  return session.inMerchantTransaction(target.merchantId, async (query) => {
    const rejects = session.tempName("import_rejects");
    await query(`create temp table ${rejects} (row_no int primary key, message text not null)`);
    const counts = await importOrderLines(query, { ...target, rejects, tempName: session.tempName });
    const summary = await completeImport(query, target, rejects, {
      rows,
      created: counts.orders,
      skipped: counts.skippedExisting,
      readErrors,
      summary: counts,
    });
    await query(`drop table ${rejects}`);
    return summary;
  });
}
