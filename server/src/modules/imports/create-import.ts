import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { readCsvPreview } from "./csv-source.js";
import { type ColumnMapping, fieldsOf, type ImportKind, suggestMapping } from "./import-fields.js";
import { type ImportView, toImportView } from "./import-view.js";
import { importMappings, imports } from "./tables.js";

export type ImportPreview = {
  headers: string[];
  rows: string[][];
  suggestedMapping: ColumnMapping;
  fields: string[];
};

export type SavedUpload = { id: string; filePath: string; sha256: string; bytes: number };

/** Streams an uploaded file to `<dataDir>/imports/<merchant>/<new import id>.csv`, hashing it on the way. */
export async function saveUploadedFile(
  dataDir: string,
  merchantId: string,
  file: Readable,
): Promise<SavedUpload> {
  const id = randomUUID();
  const dir = path.join(dataDir, "imports", merchantId);
  await fs.promises.mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${id}.csv`);
  const hash = createHash("sha256");
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(file, hashing, fs.createWriteStream(filePath));
  } catch (error) {
    await fs.promises.rm(filePath, { force: true });
    throw error;
  }
  return { id, filePath, sha256: hash.digest("hex"), bytes };
}

/**
 * Records a saved upload as an import waiting for its mapping ('uploaded') and returns a preview
 * with a suggested column mapping. A file that is not a readable CSV is deleted and refused.
 */
export async function createImportFromUpload(
  database: Database,
  input: { merchantId: string; kind: ImportKind; fileName: string; saved: SavedUpload; createdBy?: string },
): Promise<{ import: ImportView; preview: ImportPreview }> {
  try {
    const preview = await previewFile(database, input.merchantId, input.kind, input.saved.filePath);
    const row = await insertImport(database, {
      id: input.saved.id,
      merchantId: input.merchantId,
      kind: input.kind,
      fileName: input.fileName.slice(0, 255),
      filePath: input.saved.filePath,
      fileSha256: input.saved.sha256,
      createdBy: input.createdBy,
    });
    return { import: row, preview };
  } catch (error) {
    await fs.promises.rm(input.saved.filePath, { force: true });
    throw error;
  }
}

/** An import of a file already on this machine (the CLI): the file stays where it is. */
export async function createImportFromPath(
  database: Database,
  input: {
    merchantId: string;
    kind: ImportKind;
    filePath: string;
    mapping: ColumnMapping;
    createdBy?: string;
  },
): Promise<ImportView> {
  const filePath = path.resolve(input.filePath);
  return insertImport(database, {
    id: randomUUID(),
    merchantId: input.merchantId,
    kind: input.kind,
    fileName: path.basename(filePath),
    filePath,
    mapping: input.mapping,
    status: "queued",
    createdBy: input.createdBy,
  });
}

async function insertImport(database: Database, values: typeof imports.$inferInsert): Promise<ImportView> {
  const [row] = await withMerchant(database, values.merchantId, (tx) =>
    tx.insert(imports).values(values).returning(),
  );
  return toImportView(row!);
}

export async function previewFile(
  database: Database,
  merchantId: string,
  kind: ImportKind,
  filePath: string,
): Promise<ImportPreview> {
  const { headers, rows } = await readCsvPreview(filePath);
  const saved = await findSavedMapping(database, merchantId, kind);
  return {
    headers,
    rows,
    suggestedMapping: suggestMapping(kind, headers, saved),
    fields: [...fieldsOf(kind)],
  };
}

export async function findSavedMapping(
  database: Database,
  merchantId: string,
  kind: ImportKind,
): Promise<ColumnMapping | null> {
  const [row] = await withMerchant(database, merchantId, (tx) =>
    tx
      .select({ mapping: importMappings.mapping })
      .from(importMappings)
      .where(and(eq(importMappings.merchantId, merchantId), eq(importMappings.kind, kind))),
  );
  return row?.mapping ?? null;
}
