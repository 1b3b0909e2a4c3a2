import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { type Actor, recordAudit } from "../audit/record-audit.js";
import { openCsv } from "./csv-source.js";
import { type ColumnMapping, resolveMapping } from "./import-fields.js";
import { type ImportView, toImportView } from "./import-view.js";
import { importMappings, imports } from "./tables.js";

export const importJobName = "imports.run";

/**
 * Confirms the column mapping of an uploaded file: checks it against the file's header, saves it as
 * the merchant's mapping for the next file of this kind, and queues the import job.
 */
export async function startImport(
  database: Database,
  merchantId: string,
  importId: string,
  mapping: ColumnMapping,
  actor?: Actor,
): Promise<ImportView> {
  const row = await findImportRow(database, merchantId, importId);
  if (row.status !== "uploaded" && row.status !== "failed") {
    throw new AppError("conflict", `This import is already ${row.status}`);
  }
  if (!row.filePath) throw new AppError("gone", "The uploaded file is no longer there; upload it again");
  const csv = await openCsv(row.filePath);
  csv.close();
  resolveMapping(row.kind, csv.headers, mapping);
  const started = await withMerchant(database, merchantId, async (tx) => {
    await tx
      .insert(importMappings)
      .values({ merchantId, kind: row.kind, mapping })
      .onConflictDoUpdate({
        target: [importMappings.merchantId, importMappings.kind],
        set: { mapping, updatedAt: new Date() },
      });
    const jobId = await enqueueJob(tx, {
      name: importJobName,
      merchantId,
      payload: { importId },
      maxAttempts: 3,
    });
    const [updated] = await tx
      .update(imports)
      .set({ mapping, status: "queued", jobId, finishedAt: null })
      .where(and(eq(imports.merchantId, merchantId), eq(imports.id, importId)))
      .returning();
    if (actor) {
      await recordAudit(tx, merchantId, {
        actor,
        action: "import.start",
        targetType: "import",
        targetId: importId,
        details: { kind: row.kind, fileName: row.fileName },
      });
    }
    return updated!;
  });
  return toImportView(started);
}

export async function findImportRow(database: Database, merchantId: string, importId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) throw notFound("Import");
  const [row] = await withMerchant(database, merchantId, (tx) =>
    tx
      .select()
      .from(imports)
      .where(and(eq(imports.merchantId, merchantId), eq(imports.id, importId))),
  );
  if (!row) throw notFound("Import");
  return row;
}
