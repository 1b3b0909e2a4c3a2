import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "../../db/database.js";

export type SqlQuery = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/** Rows streamed into a table with COPY; write() waits when the database is behind. */
export type CopyWriter = { write(fields: CopyValue[]): Promise<void>; finish(): Promise<void> };
export type CopyValue = string | number | boolean | null;
/** CSV text (UTF-8, format csv) streamed into a table with COPY; write() waits when the database is behind. */
export type CsvCopyWriter = { write(chunk: Buffer): Promise<void>; finish(): Promise<void> };

/**
 * One connection held for a whole import, so its temporary staging tables stay visible: a pooled
 * client on PostgreSQL, the single PGlite session otherwise (whose transactions serialise with the
 * server's, so staging tables get unique names).
 */
export type ImportSession = {
  query: SqlQuery;
  /** A transaction with quanzi.merchant_id set, so row-level security admits this merchant's rows. */
  inMerchantTransaction<T>(merchantId: string, fn: (query: SqlQuery) => Promise<T>): Promise<T>;
  copyInto(table: string, columns: string[]): CopyWriter;
  copyCsvInto(table: string, columns: string[], delimiter: string): CsvCopyWriter;
  tempName(prefix: string): string;
  release(): Promise<void>;
};

/** With QUANZI_IMPORT_TRACE=1, prints how long a step that is not one statement (a COPY) took. */
export function traceStep(step: string, started: number): void {
  if (!process.env.QUANZI_IMPORT_TRACE) return;
  process.stderr.write(`[import step ${(performance.now() - started).toFixed(0)} ms] ${step}\n`);
}

/** QUANZI_IMPORT_TRACE=1 prints each import statement's time to stderr, for tuning the set-based step. */
function traced(query: SqlQuery): SqlQuery {
  if (!process.env.QUANZI_IMPORT_TRACE) return query;
  return async (text, params) => {
    const started = performance.now();
    try {
      return await query(text, params);
    } finally {
      const ms = (performance.now() - started).toFixed(0);
      const mb = (bytes: number) => Math.round(bytes / 1048576);
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      const memory = `rss ${mb(rss)} heap ${mb(heapUsed)}/${mb(heapTotal)} ext ${mb(external)} ab ${mb(arrayBuffers)}`;
      process.stderr.write(`[import sql ${ms} ms, ${memory}] ${text.replace(/\s+/g, " ").slice(0, 120)}\n`);
    }
  };
}

export async function openImportSession(database: Database): Promise<ImportSession> {
  const suffix = randomBytes(4).toString("hex");
  const tempName = (prefix: string) => `${prefix}_${suffix}`;
  if (database.pool) {
    const client = await database.pool.connect();
    // Staging tables of a million rows: keep them in memory and sort without spilling to disk.
    // temp_buffers can only change before a session's first temporary table; a reused one keeps its own.
    await client.query("set work_mem = '256MB'");
    await client.query("set temp_buffers = '256MB'").catch(() => {});
    return openPostgresSession(client, tempName);
  }
  const pglite = database.pglite!;
  const query: SqlQuery = traced(async (text, params) => (await pglite.query(text, params)).rows as never);
  return {
    query,
    tempName,
    async inMerchantTransaction(merchantId, fn) {
      return pglite.transaction(async (tx) => {
        await tx.query("select set_config('quanzi.merchant_id', $1, true)", [merchantId]);
        return fn(traced(async (text, params) => (await tx.query(text, params)).rows as never));
      });
    },
    copyInto(table, columns) {
      let lines: string[] = [];
      let size = 0;
      const flush = async () => {
        if (!lines.length) return;
        const blob = new Blob([lines.join("")]);
        lines = [];
        size = 0;
        await pglite.query(`copy ${table} (${columns.join(", ")}) from '/dev/blob'`, [], { blob });
      };
      return {
        async write(fields) {
          const line = toCopyLine(fields);
          lines.push(line);
          size += line.length;
          if (size > 1_000_000) await flush();
        },
        finish: flush,
      };
    },
    copyCsvInto(table, columns, delimiter) {
      let chunks: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (!chunks.length) return;
        const blob = new Blob(chunks as unknown as BlobPart[]);
        chunks = [];
        size = 0;
        await pglite.query(`${csvCopy(table, columns)} from '/dev/blob' ${csvOptions(delimiter)}`, [], {
          blob,
        });
      };
      return {
        // A few MB per COPY: each one is a copy of the text inside PGlite's memory.
        async write(chunk) {
          chunks.push(chunk);
          size += chunk.length;
          if (size > 4_000_000) await flush();
        },
        finish: flush,
      };
    },
    async release() {
      const temps = await query<{ name: string }>(
        "select tablename as name from pg_tables where schemaname like 'pg_temp%' and tablename like $1",
        [`%\\_${suffix}`],
      );
      for (const { name } of temps) await query(`drop table if exists ${name}`);
    },
  };
}

function openPostgresSession(client: pg.PoolClient, tempName: (prefix: string) => string): ImportSession {
  const query: SqlQuery = traced(
    async (text, params) => (await client.query(text, params as unknown[])).rows,
  );
  return {
    query,
    tempName,
    async inMerchantTransaction(merchantId, fn) {
      await client.query("begin");
      try {
        await client.query("select set_config('quanzi.merchant_id', $1, true)", [merchantId]);
        const result = await fn(query);
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      }
    },
    copyInto(table, columns) {
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
      let failed: Error | null = null;
      stream.on("error", (error: Error) => {
        failed = error;
      });
      // One CopyData message per row costs more than the row; send ~64 KB at a time.
      let pending = "";
      const send = async () => {
        if (failed) throw failed;
        const chunk = pending;
        pending = "";
        if (chunk && !stream.write(chunk)) await once(stream, "drain");
      };
      return {
        async write(fields) {
          pending += toCopyLine(fields);
          if (pending.length > 64 * 1024) await send();
        },
        async finish() {
          await send();
          stream.end();
          await finished(stream);
        },
      };
    },
    copyCsvInto(table, columns, delimiter) {
      const stream = client.query(copyFrom(`${csvCopy(table, columns)} from stdin ${csvOptions(delimiter)}`));
      let failed: Error | null = null;
      stream.on("error", (error: Error) => {
        failed = error;
      });
      return {
        async write(chunk) {
          if (failed) throw failed;
          if (!stream.write(chunk)) await once(stream, "drain");
        },
        async finish() {
          if (failed) throw failed;
          stream.end();
          await finished(stream);
        },
      };
    },
    async release() {
      // The session changed settings and made temporary tables: close the connection rather than
      // hand it back (DISCARD ALL would also drop the prepared statements the pool's clients cache).
      client.release(true);
    },
  };
}

const csvCopy = (table: string, columns: string[]) => `copy ${table} (${columns.join(", ")})`;
const csvOptions = (delimiter: string) =>
  `with (format csv, delimiter ${delimiter === "\t" ? "E'\\t'" : `'${delimiter.replace(/'/g, "''")}'`})`;

/** One line of COPY's text format: tab-separated, \N for null, backslash escapes. */
export function toCopyLine(fields: CopyValue[]): string {
  let line = "";
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i];
    if (i > 0) line += "\t";
    if (value === null || value === undefined) line += "\\N";
    else if (typeof value === "string") line += /[\\\t\n\r]/.test(value) ? escapeCopy(value) : value;
    else line += String(value);
  }
  return `${line}\n`;
}

const escapeCopy = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
