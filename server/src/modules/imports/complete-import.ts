import type { SqlQuery } from "./import-session.js";

export type ApplyTarget = {
  merchantId: string;
  importId: string;
  currency: string;
  stage: string;
  /** The file's own rows (header → value) for the given row numbers, for the error report. */
  readRawRows(rowNos: number[]): Promise<Map<number, Record<string, string>>>;
};

/**
 * Copies rows the set-based step rejected into the error report (with the row as it is in the
 * file) and marks the import succeeded, inside the applying transaction.
 */
export async function completeImport(
  query: SqlQuery,
  target: ApplyTarget,
  rejects: string,
  result: {
    rows: number;
    created: number;
    skipped: number;
    readErrors: number;
    summary: Record<string, number>;
  },
): Promise<Record<string, number>> {
  const rejected = await query<{ row_no: number; message: string }>(
    `select row_no, message from ${rejects} order by row_no`,
  );
  const raw = rejected.length ? await target.readRawRows(rejected.map((r) => r.row_no)) : new Map();
  for (let i = 0; i < rejected.length; i += 500) {
    const batch = rejected.slice(i, i + 500);
    await query(
      `insert into import_errors (merchant_id, import_id, row_no, message, raw)
       select $1::uuid, $2::uuid, e.row_no, e.message, e.raw
       from jsonb_to_recordset($3::jsonb) as e(row_no int, message text, raw jsonb)
       on conflict do nothing`,
      [
        target.merchantId,
        target.importId,
        JSON.stringify(batch.map((r) => ({ ...r, raw: raw.get(r.row_no) ?? null }))),
      ],
    );
  }
  const errors = result.readErrors + rejected.length;
  const summary = { ...result.summary, errors };
  await query(
    `update imports set status = 'succeeded', total_rows = $3, processed_rows = $3, created_count = $4,
       skipped_count = $5, error_count = $6, summary = $7::jsonb, finished_at = now()
     where merchant_id = $1 and id = $2`,
    [
      target.merchantId,
      target.importId,
      result.rows,
      result.created,
      result.skipped,
      errors,
      JSON.stringify(summary),
    ],
  );
  return summary;
}
