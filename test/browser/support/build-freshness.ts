import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/**
 * Browser tests run the built server and web app; a build older than its sources tests yesterday's code and
 * passes or fails for the wrong reason. `npm test` builds first; when iterating, rebuild (or delete server/dist,
 * which makes bin/quanzi.mjs run the TypeScript source). A missing web build fails; a stale one only warns,
 * since sources edited while a long run is going must not fail the files still to come.
 */
export function checkBuildsAreFresh(repoRoot: string): void {
  const at = (p: string) => path.join(repoRoot, p);
  if (!existsSync(at("web/dist/admin/index.html")) || !existsSync(at("web/dist/m/index.html"))) {
    throw new Error("web/dist is missing: run `npm run build` before the browser tests");
  }
  const problems: string[] = [];
  if (newestMtime(at("web/src")) > newestMtime(at("web/dist"))) {
    problems.push("web/dist is older than web/src: run `npm run build -w web`");
  }
  if (existsSync(at("server/dist")) && newestMtime(at("server/src")) > newestMtime(at("server/dist"))) {
    problems.push(
      "server/dist is older than server/src: run `npm run build -w server` (or delete server/dist)",
    );
  }
  if (problems.length > 0) console.warn(`\nStale build for the browser tests:\n  ${problems.join("\n  ")}\n`);
}
