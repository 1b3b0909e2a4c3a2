import { createCustomerBatchTable, upsertCustomerBatch } from "../customers/bulk-upsert.js";
import { type ApplyTarget, completeImport } from "./complete-import.js";
import type { ImportSession } from "./import-session.js";
import { readCustomerRow } from "./read-rows.js";
import type { StageContext } from "./run-import.js";

const stageColumns = [
  "row_no int not null",
  "key text not null",
  "ext text",
  "phone text",
  "name text",
  "gender text",
  "birthday date",
  "email text",
  "province text",
  "city text",
  "district text",
  "occupation text",
  "note text",
];

export async function stageCustomerRows(ctx: StageContext): Promise<{ rows: number }> {
  const { session, stage } = ctx;
  await session.query(`create temp table ${stage} (${stageColumns.join(", ")})`);
  const writer = session.copyInto(
    stage,
    stageColumns.map((c) => c.split(" ")[0]!),
  );
  let rows = 0;
  for await (const { rowNo, values } of ctx.csv.records) {
    rows += 1;
    const result = readCustomerRow(rowNo, values, ctx.columns);
    if (result.ok) {
      const r = result.row;
      const key = r.externalId ? `e:${r.externalId}` : `p:${r.phone}`;
      await writer.write([
        r.rowNo,
        key,
        r.externalId,
        r.phone,
        r.name,
        r.gender,
        r.birthday,
        r.email,
        r.province,
        r.city,
        r.district,
        r.occupation,
        r.note,
      ]);
    } else {
      await ctx.recordError(rowNo, result.message, values);
    }
    await ctx.tick(rowNo);
  }
  await writer.finish();
  return { rows };
}

/** Customers are upserted by identity; a person listed twice takes the later row's values. */
export async function applyCustomerRows(
  session: ImportSession,
  target: ApplyTarget,
  rows: number,
  readErrors: number,
): Promise<Record<string, number>> {
  return session.inMerchantTransaction(target.merchantId, async (query) => {
    const batch = session.tempName("import_customer_batch");
    const rejects = session.tempName("import_rejects");
    await query(`create temp table ${rejects} (row_no int primary key, message text not null)`);
    await createCustomerBatchTable(query, batch);
    await query(
      `insert into ${batch} (key, ext, phone, name, gender, birthday, email, province, city, district, occupation, note)
       select distinct on (key) key, ext, phone, name, gender, birthday, email, province, city, district,
         occupation, note
       from ${target.stage} order by key, row_no desc`,
    );
    const [people] = await query<{ n: number }>(`select count(*)::int as n from ${batch}`);
    const { created, updated } = await upsertCustomerBatch(query, target.merchantId, batch, {
      updateExisting: true,
      source: "import",
    });
    const unchanged = (people?.n ?? 0) - created - updated;
    const summary = await completeImport(query, target, rejects, {
      rows,
      created,
      skipped: unchanged,
      readErrors,
      summary: { customersCreated: created, customersUpdated: updated, unchanged },
    });
    await query(`drop table ${batch}`);
    await query(`drop table ${rejects}`);
    return summary;
  });
}
