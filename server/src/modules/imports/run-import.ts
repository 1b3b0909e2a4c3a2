import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { enqueueInsightRefresh } from "../insight/refresh-all-job.js";
import { type CsvCopyStream, openCsvForCopy } from "./csv-records.js";
import { type CsvStream, openCsv } from "./csv-source.js";
import { applyCustomerRows, stageCustomerRows } from "./import-customers.js";
import { resolveMapping } from "./import-fields.js";
import { applyOrderLines, stageOrderLines } from "./import-orders.js";
import type { ImportSession } from "./import-session.js";
import { openImportSession } from "./import-session.js";
import { findImportRow } from "./start-import.js";
import { importErrors, imports } from "./tables.js";

export type ImportProgress = {
  processedRows: number;
  estimatedRows: number;
  bytesRead: number;
  totalBytes: number;
};
export type ImportSummary = Record<string, number>;

export type RunImportOptions = {
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Called when the file has been read and the set-based write begins. */
  onApplying?: () => void;
  /** How often progress is stored and reported (default: every second). */
  progressIntervalMs?: number;
};

/** What staging needs from the run: where rows go, and how bad rows and progress are recorded. */
export type StageContext<Source = CsvStream> = {
  session: ImportSession;
  merchantId: string;
  importId: string;
  stage: string;
  csv: Source;
  columns: Map<string, number>;
  timeZone: string;
  recordError(rowNo: number, message: string, values: string[]): Promise<void>;
  /** Bad rows the staging wrote to import_errors itself (set-based). */
  countWrittenErrors(count: number): void;
  /** Progress from the reading loop, per row. */
  tick(rowNo: number): Promise<void>;
  /** Progress from a loop over chunks of rows. */
  tickRows(rows: number): Promise<void>;
};

/**
 * Runs one import to the end: streams the file into a staging table (bad rows go to the error
 * report), then applies it set-based in one transaction, so a failed run leaves nothing half-done
 * and a retry starts clean. Returns the summary also stored on the import.
 */
export async function runImport(
  database: Database,
  merchantId: string,
  importId: string,
  options: RunImportOptions = {},
): Promise<ImportSummary> {
  const row = await findImportRow(database, merchantId, importId);
  if (!row.filePath) throw new AppError("gone", "The import's file is no longer there");
  const [merchant] = await database.query<{ time_zone: string; currency: string }>(
    "select time_zone, currency from merchants where id = $1",
    [merchantId],
  );
  await markRunning(database, merchantId, importId);
  let session: ImportSession | null = null;
  try {
    const csv: CsvStream | CsvCopyStream =
      row.kind === "orders" ? await openCsvForCopy(row.filePath) : await openCsv(row.filePath);
    const columns = resolveMapping(row.kind, csv.headers, row.mapping);
    session = await openImportSession(database);
    const errors = new ErrorReport(database, merchantId, importId, csv.headers);
    const progress = new ProgressReporter(database, merchantId, importId, csv, options);
    const context = {
      session,
      merchantId,
      importId,
      stage: session.tempName("import_stage"),
      columns,
      timeZone: merchant?.time_zone ?? "Asia/Shanghai",
      recordError: (rowNo: number, message: string, values: string[]) => errors.add(rowNo, message, values),
      countWrittenErrors: (count: number) => {
        errors.count += count;
      },
      tick: (rowNo: number) => progress.tick(rowNo),
      tickRows: (rows: number) => progress.tickRows(rows),
    };
    const staged =
      "chunks" in csv
        ? await stageOrderLines({ ...context, csv })
        : await stageCustomerRows({ ...context, csv });
    await errors.flush();
    await progress.finish(staged.rows);
    options.onApplying?.();
    const filePath = row.filePath;
    const target = {
      merchantId,
      importId,
      currency: merchant?.currency ?? "CNY",
      stage: context.stage,
      readRawRows: (rowNos: number[]) => readRawRows(filePath, rowNos),
    };
    const summary =
      row.kind === "orders"
        ? await applyOrderLines(session, target, staged.rows, errors.count)
        : await applyCustomerRows(session, target, staged.rows, errors.count);
    // The set-based apply bypasses the per-customer insight hook; the job catches up the whole shop.
    await enqueueInsightRefresh(database, merchantId, `import:${importId}`);
    return summary;
  } catch (error) {
    await markFailed(database, merchantId, importId, error);
    throw error;
  } finally {
    await session?.release();
  }
}

/** Reads the file again for a few rows the set-based step rejected (only then is it re-read). */
export async function readRawRows(
  filePath: string,
  rowNos: number[],
): Promise<Map<number, Record<string, string>>> {
  const wanted = new Set(rowNos);
  const found = new Map<number, Record<string, string>>();
  const csv = await openCsv(filePath);
  const last = rowNos.reduce((a, b) => Math.max(a, b), 0);
  for await (const { rowNo, values } of csv.records) {
    if (wanted.has(rowNo)) found.set(rowNo, rawRow(csv.headers, values));
    if (rowNo >= last) break;
  }
  csv.close();
  return found;
}

export const rawRow = (headers: string[], values: string[]) =>
  Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ""]));

async function markRunning(database: Database, merchantId: string, importId: string) {
  await withMerchant(database, merchantId, async (tx) => {
    await tx
      .delete(importErrors)
      .where(and(eq(importErrors.merchantId, merchantId), eq(importErrors.importId, importId)));
    await tx
      .update(imports)
      .set({ status: "running", processedRows: 0, errorCount: 0, summary: {}, finishedAt: null })
      .where(and(eq(imports.merchantId, merchantId), eq(imports.id, importId)));
  });
}

async function markFailed(database: Database, merchantId: string, importId: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await withMerchant(database, merchantId, (tx) =>
    tx
      .update(imports)
      .set({ status: "failed", summary: { error: message }, finishedAt: new Date() })
      .where(and(eq(imports.merchantId, merchantId), eq(imports.id, importId))),
  ).catch(() => {});
}

/** Bad rows, written in batches as they are found (the row as a header → value object). */
class ErrorReport {
  count = 0;
  #pending: (typeof importErrors.$inferInsert)[] = [];
  constructor(
    private database: Database,
    private merchantId: string,
    private importId: string,
    private headers: string[],
  ) {}

  async add(rowNo: number, message: string, values: string[]) {
    this.count += 1;
    const raw = rawRow(this.headers, values);
    this.#pending.push({ merchantId: this.merchantId, importId: this.importId, rowNo, message, raw });
    if (this.#pending.length >= 500) await this.flush();
  }

  async flush() {
    if (!this.#pending.length) return;
    const batch = this.#pending;
    this.#pending = [];
    await withMerchant(this.database, this.merchantId, (tx) => tx.insert(importErrors).values(batch));
  }
}

/** Stores processed_rows and calls onProgress at most once per interval, from the reading loop. */
class ProgressReporter {
  #last = Date.now();
  #interval: number;
  constructor(
    private database: Database,
    private merchantId: string,
    private importId: string,
    private csv: { bytesRead(): number; totalBytes: number },
    private options: RunImportOptions,
  ) {
    this.#interval = options.progressIntervalMs ?? 1000;
  }

  async tick(rowNo: number) {
    if ((rowNo & 255) !== 0 || Date.now() - this.#last < this.#interval) return;
    this.#last = Date.now();
    await this.report(rowNo - 1);
  }

  async tickRows(rows: number) {
    if (Date.now() - this.#last < this.#interval) return;
    this.#last = Date.now();
    await this.report(rows);
  }

  async finish(rows: number) {
    await this.report(rows);
  }

  private async report(rows: number) {
    const bytesRead = this.csv.bytesRead();
    const estimatedRows =
      bytesRead > 0 ? Math.max(rows, Math.round((rows * this.csv.totalBytes) / bytesRead)) : rows;
    await withMerchant(this.database, this.merchantId, (tx) =>
      tx
        .update(imports)
        .set({ processedRows: rows })
        .where(and(eq(imports.merchantId, this.merchantId), eq(imports.id, this.importId))),
    );
    await this.options.onProgress?.({
      processedRows: rows,
      estimatedRows,
      bytesRead,
      totalBytes: this.csv.totalBytes,
    });
  }
}
