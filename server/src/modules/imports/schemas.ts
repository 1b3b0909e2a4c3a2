import { z } from "zod";
import { importKinds } from "./import-fields.js";
import { importStatuses } from "./tables.js";

export const ColumnMappingSchema = z.record(z.string().max(200), z.string().max(50));

export const ImportSchema = z.object({
  id: z.string(),
  kind: z.enum(importKinds),
  fileName: z.string(),
  status: z.enum(importStatuses),
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  createdCount: z.number().int(),
  skippedCount: z.number().int(),
  errorCount: z.number().int(),
  summary: z.record(z.string(), z.unknown()),
  mapping: z.record(z.string(), z.string()),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const ImportPreviewSchema = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string()),
  fields: z.array(z.string()),
});

export const UploadResponseSchema = z.object({ import: ImportSchema, preview: ImportPreviewSchema });

export const StartImportSchema = z.strictObject({ mapping: ColumnMappingSchema });

export const ImportErrorSchema = z.object({ rowNo: z.number().int(), message: z.string(), raw: z.unknown() });

export const ImportErrorsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(20).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const ImportMappingSchema = z.object({
  kind: z.enum(importKinds),
  mapping: z.record(z.string(), z.string()),
});
