import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ImportKind } from "./import-fields.js";

export const importStatuses = ["uploaded", "queued", "running", "succeeded", "failed"] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const imports = pgTable(
  "imports",
  {
    merchantId: uuid("merchant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind").$type<ImportKind>().notNull(),
    fileName: text("file_name").notNull(),
    filePath: text("file_path"),
    fileSha256: text("file_sha256"),
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull().default({}),
    status: text("status").$type<ImportStatus>().notNull().default("uploaded"),
    jobId: bigint("job_id", { mode: "number" }),
    totalRows: integer("total_rows"),
    processedRows: integer("processed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.id] })],
);

export const importErrors = pgTable(
  "import_errors",
  {
    merchantId: uuid("merchant_id").notNull(),
    importId: uuid("import_id").notNull(),
    rowNo: integer("row_no").notNull(),
    message: text("message").notNull(),
    raw: jsonb("raw").$type<unknown>(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.importId, t.rowNo] })],
);

export const importMappings = pgTable(
  "import_mappings",
  {
    merchantId: uuid("merchant_id").notNull(),
    kind: text("kind").$type<ImportKind>().notNull(),
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.kind] })],
);

export type ImportRow = typeof imports.$inferSelect;
