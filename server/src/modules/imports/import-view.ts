import type { ImportKind } from "./import-fields.js";
import type { ImportRow, ImportStatus } from "./tables.js";

export type ImportView = {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  createdCount: number;
  skippedCount: number;
  errorCount: number;
  summary: Record<string, unknown>;
  mapping: Record<string, string>;
  jobId: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export function toImportView(row: ImportRow): ImportView {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdCount: row.createdCount,
    skippedCount: row.skippedCount,
    errorCount: row.errorCount,
    summary: row.summary,
    mapping: row.mapping,
    jobId: row.jobId === null ? null : String(row.jobId),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
