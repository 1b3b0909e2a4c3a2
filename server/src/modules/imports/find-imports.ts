import { Readable } from "node:stream";
import { and, asc, desc, eq, gt, lt, or } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { findSavedMapping } from "./create-import.js";
import { openCsv } from "./csv-source.js";
import type { ColumnMapping, ImportKind } from "./import-fields.js";
import { type ImportView, toImportView } from "./import-view.js";
import { findImportRow } from "./start-import.js";
import { importErrors, imports } from "./tables.js";

export async function getImport(
  database: Database,
  merchantId: string,
  importId: string,
): Promise<ImportView> {
  return toImportView(await findImportRow(database, merchantId, importId));
}

/** The merchant's imports, newest first. */
export async function listImports(database: Database, merchantId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const rows = await withMerchant(database, merchantId, (tx) =>
    tx
      .select()
      .from(imports)
      .where(
        and(
          eq(imports.merchantId, merchantId),
          after
            ? or(
                lt(imports.createdAt, new Date(after.at)),
                and(eq(imports.createdAt, new Date(after.at)), lt(imports.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(imports.createdAt), desc(imports.id))
      .limit(page.limit + 1),
  );
  const result = toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
  return { data: result.data.map(toImportView), nextCursor: result.nextCursor };
}

export type ImportErrorView = { rowNo: number; message: string; raw: unknown };

/** Bad rows of an import in file order; the cursor is the last row number seen. */
export async function listImportErrors(
  database: Database,
  merchantId: string,
  importId: string,
  page: PageQuery,
): Promise<{ data: ImportErrorView[]; nextCursor: string | null }> {
  await findImportRow(database, merchantId, importId);
  const afterRow = page.cursor === undefined ? 0 : Number(page.cursor);
  if (!Number.isInteger(afterRow) || afterRow < 0) {
    throw new AppError(
      "validation_failed",
      "Invalid cursor: pass nextCursor from the previous page unchanged",
    );
  }
  const rows = await withMerchant(database, merchantId, (tx) =>
    tx
      .select({ rowNo: importErrors.rowNo, message: importErrors.message, raw: importErrors.raw })
      .from(importErrors)
      .where(
        and(
          eq(importErrors.merchantId, merchantId),
          eq(importErrors.importId, importId),
          gt(importErrors.rowNo, afterRow),
        ),
      )
      .orderBy(asc(importErrors.rowNo))
      .limit(page.limit + 1),
  );
  const data = rows.slice(0, page.limit);
  return { data, nextCursor: rows.length > page.limit ? String(data.at(-1)!.rowNo) : null };
}

/** The error report as a CSV download (row, message, then the row's own columns), streamed in pages. */
export async function importErrorsCsv(
  database: Database,
  merchantId: string,
  importId: string,
): Promise<Readable> {
  const first = await listImportErrors(database, merchantId, importId, { limit: 200 });
  const { filePath } = await findImportRow(database, merchantId, importId);
  // jsonb does not keep key order; the file's header does.
  let columns: string[] | null = filePath ? await readHeaders(filePath) : null;
  async function* lines() {
    let page = first;
    yield "\ufeff";
    if (columns) yield csvLine(["row", "message", ...columns]);
    for (;;) {
      for (const error of page.data) {
        const raw = (error.raw ?? {}) as Record<string, unknown>;
        if (!columns) {
          columns = Object.keys(raw);
          yield csvLine(["row", "message", ...columns]);
        }
        yield csvLine([String(error.rowNo), error.message, ...columns.map((c) => String(raw[c] ?? ""))]);
      }
      if (!page.nextCursor) break;
      page = await listImportErrors(database, merchantId, importId, { limit: 200, cursor: page.nextCursor });
    }
    if (!columns) yield csvLine(["row", "message"]);
  }
  return Readable.from(lines());
}

async function readHeaders(filePath: string): Promise<string[] | null> {
  try {
    const csv = await openCsv(filePath);
    csv.close();
    return csv.headers;
  } catch {
    return null;
  }
}

const csvLine = (fields: string[]) =>
  `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")}\r\n`;

export async function getImportMapping(
  database: Database,
  merchantId: string,
  kind: ImportKind,
): Promise<{ kind: ImportKind; mapping: ColumnMapping }> {
  return { kind, mapping: (await findSavedMapping(database, merchantId, kind)) ?? {} };
}
