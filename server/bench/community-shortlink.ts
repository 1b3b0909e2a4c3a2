// `npm run bench -- community-shortlink` (the `community` umbrella will run it too): GET /s/<slug> — the short-link
// redirect, which answers 302 before its click is written — under autocannon on the real server (built JS, its own
// process), beside the bare Fastify constant route in the same run; then the clicks the link's stats counted against
// the redirects answered. Also the app's own floor: `GET /livez` (no database) through the same hooks, and the CPU
// each request cost the app process, the bare server and PostgreSQL's processes (from /proc). PGlite,
// then PostgreSQL (BENCH_DATABASE_URL / TEST_DATABASE_URL, else a throwaway cluster).
// One JSON line per database. Goal (issue 6): at least 60% of the bare route, p99 under 10 ms, clicks = requests.
import os from "node:os";
import autocannon from "autocannon";
import { cpuPerRequest, cpuSecondsOf, postgresCpuSeconds } from "./support/cpu-time.js";
import { json, load, type RunningServers, runOnEachServer, setupShop } from "./support/http-server.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

/** What autocannon reports beyond the declared part of its result. */
type FullResult = {
  requests: { average: number; total: number; sent: number };
  latency: { p99: number };
  errors: number;
  "3xx": number;
  "2xx": number;
  "4xx": number;
  "5xx": number;
};

const phoneAgent =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50";

async function benchOne(database: "pglite" | "postgres", servers: RunningServers) {
  const { apiKey } = await setupShop(servers.base);
  const api = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };
  const link = await json(`${servers.base}/api/v1/short-links`, {
    method: "POST",
    headers: api,
    body: JSON.stringify({
      target: "https://example.com/landing?x=1",
      utm: { source: "bench", campaign: "redirect" },
    }),
  });
  const url = `${servers.base}/s/${String(link.body.slug)}`;
  // Warm the link cache and the statements, then let that click be written.
  await fetch(url, { redirect: "manual", headers: { "user-agent": phoneAgent } });
  // Where each request's CPU went: the app process, the bare server, the database (PostgreSQL run).
  const cpu = {
    app: () => cpuSecondsOf(servers.serverPid),
    bare: () => cpuSecondsOf(servers.barePid),
    database: postgresCpuSeconds,
  };
  const redirectRun = await cpuPerRequest(cpu, async () => {
    const result = (await autocannon({
      url,
      connections,
      duration: seconds,
      headers: { "user-agent": phoneAgent, referer: "https://weixin.qq.com/" },
    })) as unknown as FullResult;
    // The clicks are written up to 200 ms after their redirects: count that work too.
    await new Promise((r) => setTimeout(r, 500));
    return { result, requests: result.requests.total };
  });
  const redirect = redirectRun.result;
  const bare = await cpuPerRequest(cpu, () => load(`${servers.bareBase}/constant`, { seconds, connections }));
  // The app's own floor: its cheapest route (no database) through the same hooks as the redirect.
  const live = await cpuPerRequest(cpu, () => load(`${servers.base}/livez`, { seconds, connections }));
  // The buffer writes within 200 ms; poll the stats until they stop growing.
  let recorded = -1;
  for (let tries = 0; tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 300));
    const stats = await json(`${servers.base}/api/v1/short-links/${String(link.body.id)}/stats`, {
      headers: api,
    });
    const hits = (stats.body.totals as { hits: number }).hits - 1;
    if (hits === recorded) break;
    recorded = hits;
  }
  const answered = redirect["3xx"];
  const requestsPerSecond = Math.round(redirect.requests.average);
  console.log(
    JSON.stringify({
      bench: "community-shortlink",
      database,
      route: "GET /s/<slug> (302, click buffered)",
      seconds,
      connections,
      redirectRequestsPerSecond: requestsPerSecond,
      redirectP99Ms: redirect.latency.p99,
      redirectErrors: redirect.errors + redirect["4xx"] + redirect["5xx"] + redirect["2xx"],
      bareRequestsPerSecond: bare.requestsPerSecond,
      bareP99Ms: bare.p99Ms,
      ratioToBare: Number((requestsPerSecond / bare.requestsPerSecond).toFixed(3)),
      appFloorRequestsPerSecond: live.requestsPerSecond,
      appFloorP99Ms: live.p99Ms,
      appFloorRatioToBare: Number((live.requestsPerSecond / bare.requestsPerSecond).toFixed(3)),
      cpuMicrosPerRedirect: redirectRun.cpuMicrosPerRequest,
      cpuMicrosPerBare: bare.cpuMicrosPerRequest.bare,
      cpuMicrosPerAppFloor: live.cpuMicrosPerRequest.app,
      requestsSent: redirect.requests.sent,
      redirectsAnswered: answered,
      clicksRecorded: recorded,
      // autocannon stops counting answers at the deadline, so the last in-flight redirects (one per
      // connection) are sent and recorded but not in redirectsAnswered: compare with requestsSent.
      allRecorded: recorded === redirect.requests.sent,
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
      at: new Date().toISOString(),
    }),
  );
}

await runOnEachServer("quanzi_shortlink", benchOne);
