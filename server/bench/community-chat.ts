// `npm run bench -- community-chat`: chat fan-out, on PostgreSQL and PGlite.
// BENCH_MEMBERS (1,000) members of one built-in community each hold a WebSocket, spread over
// BENCH_APPS server apps on the same database (default 2 on PostgreSQL — two "processes" joined by
// LISTEN/NOTIFY — and 1 on PGlite, which is single-process). A member then sends BENCH_MESSAGES (5)
// messages one after another over HTTP; each delivery's time runs from just before its send to the
// socket receiving it (write, commit, NOTIFY, one load per app, fan-out). One JSON line per database.
// Goal (issue 6): every socket receives every message, p99 < 200 ms.
import os from "node:os";
import { sql } from "drizzle-orm";
import WebSocket from "ws";
import type { Config } from "../src/config.js";
import { type Database, detectAppRole, openDatabase } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { hashToken, randomToken } from "../src/lib/tokens.js";
import { createMerchant } from "../src/modules/merchants/create-merchant.js";
import { runOnEachDatabase } from "./support/each-database.js";

const memberCount = Number(process.env.BENCH_MEMBERS ?? 1000);
const messageCount = Number(process.env.BENCH_MESSAGES ?? 5);

const config: Config = {
  port: 0,
  host: "127.0.0.1",
  dataDir: os.tmpdir(),
  logLevel: "silent",
  smsSender: "console",
  secureCookies: "false",
  jobWorkers: 0,
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const ms = (n: number) => Math.round(n * 10) / 10;

async function seedCommunity(database: Database, merchantId: string, count: number) {
  const tokens = Array.from({ length: count }, () => randomToken(43));
  return withSystem(database, async (tx) => {
    const [community] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into communities (merchant_id, name, purpose, platform, member_count)
        values (${merchantId}, 'bench', 'content', 'builtin', ${count}) returning id`),
    );
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}::uuid, 'bench ' || n from generate_series(1, ${count}) n returning id`),
    ).map((r) => r.id);
    const sessions = ids.map((id, i) => ({ c: id, h: hashToken(tokens[i] as string) }));
    await tx.execute(sql`insert into member_sessions (merchant_id, token_hash, customer_id, expires_at)
      select ${merchantId}::uuid, s.h, s.c, now() + interval '1 day'
      from jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) as s(c uuid, h text)`);
    await tx.execute(sql`insert into community_members (merchant_id, community_id, customer_id, status, source, rules_accepted_at)
      select ${merchantId}::uuid, ${community?.id}::uuid, s.c, 'joined', 'bench', now()
      from jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) as s(c uuid, h text)`);
    return { communityId: community?.id as string, cookies: tokens.map((t) => `quanzi_member=${t}`) };
  });
}

type Client = { socket: WebSocket; seen: Map<string, number> };

function connect(url: string, cookie: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { cookie } });
    const client: Client = { socket, seen: new Map() };
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { type: string; message?: { id: string } };
      if (frame.type === "message" && frame.message) client.seen.set(frame.message.id, performance.now());
      if (frame.type === "ready") resolve(client);
    });
    socket.once("error", reject);
    socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function benchOne(kind: "postgres" | "pglite", database: Database) {
  await migrate(database);
  await detectAppRole(database);
  const { merchant } = await createMerchant(database, {
    name: "Chat bench",
    slug: `chat-bench-${Date.now().toString(36)}`,
    owner: {
      email: `chat-bench-${Date.now()}@example.com`,
      password: "correct horse battery",
      name: "Owner",
    },
  });
  const { communityId, cookies } = await seedCommunity(database, merchant.id, memberCount);
  const appCount = Number(process.env.BENCH_APPS ?? (kind === "postgres" ? 2 : 1));
  const extraDatabases: Database[] = [];
  const apps: App[] = [];
  const urls: string[] = [];
  for (let i = 0; i < appCount; i++) {
    let db = database;
    if (i > 0 && database.pool) {
      db = await openDatabase({ databaseUrl: database.pool.options.connectionString, poolSize: 10 });
      db.appRole = database.appRole;
      extraDatabases.push(db);
    }
    const app = await buildApp({ database: db, config, now: () => new Date() });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    apps.push(app);
    urls.push(
      `${address.replace("http", "ws")}/api/m/${merchant.slug}/communities/${communityId}/chat/socket`,
    );
  }
  const connectStart = performance.now();
  const clients: Client[] = [];
  for (let i = 0; i < cookies.length; i += 50) {
    const batch = cookies
      .slice(i, i + 50)
      .map((cookie, j) => connect(urls[(i + j) % urls.length] as string, cookie));
    clients.push(...(await Promise.all(batch)));
  }
  const connectMs = performance.now() - connectStart;

  const times: number[] = [];
  const sendMs: number[] = [];
  let delivered = 0;
  const sender = apps[0] as App;
  for (let n = 0; n < messageCount; n++) {
    const start = performance.now();
    const res = await sender.inject({
      method: "POST",
      url: `/api/m/${merchant.slug}/communities/${communityId}/chat/messages`,
      headers: { cookie: cookies[0] as string, "x-requested-with": "quanzi" },
      payload: { kind: "text", body: `bench message ${n}` },
    });
    sendMs.push(performance.now() - start);
    if (res.statusCode !== 201) throw new Error(`send → ${res.statusCode} ${res.body}`);
    const id = res.json().id as string;
    const deadline = Date.now() + 10_000;
    while (clients.some((c) => !c.seen.has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const c of clients) {
      const at = c.seen.get(id);
      if (at !== undefined) {
        delivered += 1;
        times.push(at - start);
      }
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: "community-chat",
      database: kind,
      apps: appCount,
      members: memberCount,
      messages: messageCount,
      delivered,
      expected: memberCount * messageCount,
      connectAllMs: Math.round(connectMs),
      sendP50Ms: ms(
        percentile(
          [...sendMs].sort((a, b) => a - b),
          50,
        ),
      ),
      deliveryP50Ms: ms(percentile(times, 50)),
      deliveryP99Ms: ms(percentile(times, 99)),
      deliveryMaxMs: ms(times.at(-1) ?? 0),
      goal: "all delivered, p99 < 200 ms",
    }),
  );
  for (const c of clients) c.socket.terminate();
  for (const app of apps) await app.close();
  for (const db of extraDatabases) await db.close();
}

await runOnEachDatabase("community_chat", benchOne, { poolSize: 20 });
