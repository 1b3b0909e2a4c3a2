import { importOrderLines, orderLineStageColumns } from "../orders/bulk-import.js";
import { type ApplyTarget, completeImport } from "./complete-import.js";
import type { ImportSession } from "./import-session.js";
import { readOrderLine } from "./read-rows.js";
import type { StageContext } from "./run-import.js";

const stageColumnNames = orderLineStageColumns.map((c) => c.split(" ")[0]!);

/**
 * Reads every line of the file into the staging table. An order with a bad line is left out
 * whole (its other lines are dropped after reading), so it never lands with a wrong total.
 */
export async function stageOrderLines(ctx: StageContext): Promise<{ rows: number }> {
  const { session, stage } = ctx;
  await session.query(`create temp table ${stage} (${orderLineStageColumns.join(", ")})`);
  const writer = session.copyInto(stage, stageColumnNames);
  const badOrders = new Set<string>();
  const orderColumn = ctx.columns.get("externalId");
  let rows = 0;
  for await (const { rowNo, values } of ctx.csv.records) {
    rows += 1;
    const result = readOrderLine(rowNo, values, ctx.columns, ctx.timeZone);
    if (result.ok) {
      const r = result.row;
      await writer.write([
        r.rowNo,
        r.orderNo,
        r.placedAt,
        r.customerExternalId,
        r.customerPhone,
        r.customerName,
        r.store,
        r.sku,
        r.name,
        r.category,
        r.quantity,
        r.unitPrice,
        r.discount,
        r.cancelled,
      ]);
    } else {
      const orderNo = orderColumn === undefined ? undefined : values[orderColumn];
      if (orderNo) badOrders.add(orderNo);
      const suffix = orderNo ? ` (order ${orderNo} was not imported)` : "";
      await ctx.recordError(rowNo, `${result.message}${suffix}`, values);
    }
    await ctx.tick(rowNo);
  }
  await writer.finish();
  if (badOrders.size) await dropOrders(session, stage, badOrders);
  return { rows };
}

async function dropOrders(session: ImportSession, stage: string, orderNos: Set<string>) {
  const bad = session.tempName("import_bad_orders");
  await session.query(`create temp table ${bad} (order_no text)`);
  const writer = session.copyInto(bad, ["order_no"]);
  for (const orderNo of orderNos) await writer.write([orderNo]);
  await writer.finish();
  await session.query(`delete from ${stage} where order_no in (select order_no from ${bad})`);
  await session.query(`drop table ${bad}`);
}

export async function applyOrderLines(
  session: ImportSession,
  target: ApplyTarget,
  rows: number,
  readErrors: number,
): Promise<Record<string, number>> {
  await session.query(`analyze ${target.stage}`);
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
