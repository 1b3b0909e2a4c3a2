// Load shapes shared by the benches: many concurrent loops against a service, and the bare
// single-row update loop they are compared with in the same run.
import type { Database } from "../../src/db/database.js";

export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;

const tenths = (ms: number) => Math.round(ms * 10) / 10;

/** Runs `op` from `clients` concurrent loops for `seconds`; op(i) gets a random index below `spread`. */
export async function hammer(
  op: (index: number) => Promise<void>,
  options: { clients: number; seconds: number; spread: number },
) {
  const deadline = performance.now() + options.seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await op(Math.floor(Math.random() * options.spread));
        latencies.push(performance.now() - started);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, loop));
  return {
    perSecond: Math.round(latencies.length / options.seconds),
    p99Ms: tenths(percentile(latencies, 99)),
    done: latencies.length,
    failures,
  };
}

/**
 * The baseline: `begin; update … set balance = balance - 1 where id = $1; commit` over `rows` rows
 * of a plain table, through the same pool (or PGlite), under the same load.
 */
export async function bareUpdateLoop(
  database: Database,
  options: { clients: number; seconds: number; rows: number },
) {
  await database.query(
    "create table if not exists bench_balances (id int primary key, balance bigint not null)",
  );
  await database.query(
    `insert into bench_balances select g, 1000000 from generate_series(0, ${options.rows - 1}) g on conflict do nothing`,
  );
  const update = "update bench_balances set balance = balance - 1 where id = $1";
  const shape = { clients: options.clients, seconds: options.seconds, spread: options.rows };
  if (database.pool) {
    const pool = database.pool;
    return hammer(async (row) => {
      const client = await pool.connect();
      try {
        await client.query("begin");
        await client.query(update, [row]);
        await client.query("commit");
      } finally {
        client.release();
      }
    }, shape);
  }
  const pglite = database.pglite!;
  return hammer(async (row) => {
    await pglite.transaction(async (tx) => {
      await tx.query(update, [row]);
    });
  }, shape);
}
