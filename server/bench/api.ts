// `npm run bench -- api`: GET /api/v1/customers/{id} with an API key under autocannon for BENCH_SECONDS (default 10)
// on the real server (built JS, its own process), beside a bare Fastify route returning constant JSON in another
// process of the same Node, in the same run. PGlite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is
// set, or a throwaway cluster can be started. Prints one JSON line per database.
import os from "node:os";
import { benchPostgres } from "./bench-postgres.js";
import { buildServer, json, load, setupShop, startServers } from "./support/http-server.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const shape = { seconds, connections };

/** A shop with an API key and 1,000 customers with an order each; returns the key and one customer id. */
async function seed(base: string) {
  const { apiKey: key } = await setupShop(base);
  let customerId = "";
  for (let i = 0; i < 1000; i++) {
    const order = await json(`${base}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        externalId: `B-${i}`,
        customer: { phone: `1380000${String(i).padStart(4, "0")}`, name: `客户${i}` },
        placedAt: new Date(Date.now() - i * 3600_000).toISOString(),
        items: [
          { sku: `S${i % 50}`, name: "苹果", category: "水果", quantity: 1 + (i % 3), unitPrice: 1250 },
        ],
      }),
    });
    if (i === 500) customerId = String(order.body.customerId);
  }
  return { key, customerId };
}

async function benchOne(database: "pglite" | "postgres", databaseUrl?: string) {
  const servers = await startServers(databaseUrl);
  try {
    const base = servers.base;
    const { key, customerId } = await seed(base);
    const bareFigures = await load(`${servers.bareBase}/constant`, shape);
    const apiFigures = await load(`${base}/api/v1/customers/${customerId}`, {
      ...shape,
      headers: { authorization: `Bearer ${key}` },
    });
    // One database round trip and nothing else: the ceiling for any route that reads the database.
    const healthFigures = await load(`${base}/healthz`, shape);
    const bareQueryFigures = databaseUrl ? await load(`${servers.bareBase}/one-query`, shape) : null;
    console.log(
      JSON.stringify({
        bench: "api",
        database,
        route: "GET /api/v1/customers/{id}",
        seconds,
        connections,
        requestsPerSecond: apiFigures.requestsPerSecond,
        p99Ms: apiFigures.p99Ms,
        errors: apiFigures.errors,
        bareRequestsPerSecond: bareFigures.requestsPerSecond,
        bareP99Ms: bareFigures.p99Ms,
        ratioToBare: Number((apiFigures.requestsPerSecond / bareFigures.requestsPerSecond).toFixed(3)),
        healthzRequestsPerSecond: healthFigures.requestsPerSecond,
        healthzP99Ms: healthFigures.p99Ms,
        bareOneQueryRequestsPerSecond: bareQueryFigures?.requestsPerSecond,
        bareOneQueryP99Ms: bareQueryFigures?.p99Ms,
        node: process.version,
        cpus: os.cpus().length,
      }),
    );
  } finally {
    await servers.stop();
  }
}

// The server runs its built JavaScript, as `npm start` does.
buildServer();
const only = process.env.BENCH_DATABASE_ONLY;
if (only !== "postgres") await benchOne("pglite");
if (only !== "pglite") {
  const postgres = await benchPostgres("quanzi_bench");
  if (postgres) {
    try {
      await benchOne("postgres", postgres.url);
    } finally {
      postgres.stop();
    }
  } else console.error("PostgreSQL not available: skipped the postgres run");
}
