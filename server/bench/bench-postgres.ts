// A PostgreSQL database for one bench run: a new database on BENCH_DATABASE_URL (else
// TEST_DATABASE_URL), dropped by stop(); without either, a throwaway cluster of its own.
import path from "node:path";
import pg from "pg";

const repoDir = path.resolve(new URL("..", import.meta.url).pathname, "..");

export type BenchPostgres = { url: string; stop(): void };

export async function benchPostgres(prefix: string): Promise<BenchPostgres | null> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const { startThrowawayPostgres } = await import(path.join(repoDir, "scripts/throwaway-postgres.mjs"));
    return startThrowawayPostgres();
  }
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: () => {
      const client = new pg.Client({ connectionString: adminUrl });
      client
        .connect()
        .then(() => client.query(`drop database if exists ${name} with (force)`))
        .finally(() => client.end());
    },
  };
}
