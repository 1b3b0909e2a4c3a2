import { sql } from "drizzle-orm";
import { rowsOf } from "../jobs/enqueue-job.js";
import { pooledClientOf, type Tx } from "./tenant.js";

/**
 * A text as an SQL string literal. Quotes are doubled; a text with a backslash becomes an E'' string
 * with its backslashes doubled, so it means the same whatever standard_conforming_strings says.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000")) throw new Error("A NUL byte cannot be sent to PostgreSQL");
  const quoted = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}

/**
 * Runs statements one after another and returns each one's rows. On PostgreSQL they go as one
 * simple-protocol batch: one round trip, each statement still with its own snapshot, so a read
 * after a `for update` sees what the lock's previous holder committed. The statements carry their
 * values inline: build them only from checked ids and quoteLiteral.
 */
export async function runBatch(tx: Tx, statements: string[]): Promise<Record<string, unknown>[][]> {
  const client = pooledClientOf(tx);
  if (!client) {
    const results: Record<string, unknown>[][] = [];
    for (const statement of statements) results.push(rowsOf(await tx.execute(sql.raw(statement))));
    return results;
  }
  const result = (await client.query(statements.join(";\n"))) as unknown as
    | { rows: Record<string, unknown>[] }
    | { rows: Record<string, unknown>[] }[];
  return Array.isArray(result) ? result.map((r) => r.rows) : [result.rows];
}
