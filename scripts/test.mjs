// `npm test`: every test, on PGlite and on a real PostgreSQL (TEST_DATABASE_URL, or a throwaway
// cluster started here when PostgreSQL's binaries are installed), then the browser tests.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { startThrowawayPostgres } from "./throwaway-postgres.mjs";

const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = 0;

function run(title, cmd, args, options = {}) {
  console.log(`\n=== ${title} ===`);
  const reportFile = options.report ? `${root}.tmp/report-${Date.now()}.json` : null;
  const extra = reportFile
    ? ["--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`]
    : [];
  fs.mkdirSync(`${root}.tmp`, { recursive: true });
  const result = spawnSync(cmd, [...args, ...extra], {
    stdio: "inherit",
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
  });
  if (reportFile && fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  if (result.status !== 0) {
    failedSteps += 1;
    console.error(`${title} failed (exit ${result.status})`);
  }
}

let postgres = null;
const env = { ...process.env };
if (!env.TEST_DATABASE_URL && env.QUANZI_TEST_PGLITE_ONLY !== "1") {
  postgres = await startThrowawayPostgres();
  if (postgres) {
    env.TEST_DATABASE_URL = postgres.url;
    console.log(`Started a throwaway PostgreSQL at ${postgres.url}`);
  } else if (env.CI) {
    console.error("PostgreSQL is not installed; CI must test both databases (apt-get install postgresql).");
    process.exit(1);
  } else {
    console.warn("PostgreSQL binaries not found: testing on PGlite only (install postgresql to test both).");
  }
}

try {
  run("Lint (Biome)", "npx", ["biome", "check", "."]);
  run("Type check (server)", "npx", ["tsc", "-p", "server/tsconfig.json", "--noEmit"]);
  if (fs.existsSync(`${root}web/tsconfig.json`))
    run("Type check (web)", "npx", ["tsc", "-p", "web/tsconfig.json", "--noEmit"]);
  run("Server tests (PGlite + PostgreSQL)", "npx", ["vitest", "run"], {
    cwd: `${root}server`,
    env,
    report: true,
  });
  run("Web unit tests", "npx", ["vitest", "run"], { cwd: `${root}web`, report: true });
  if (fs.existsSync(`${root}test/browser/tsconfig.json`))
    run("Type check (browser tests)", "npx", ["tsc", "-p", "test/browser/tsconfig.json", "--noEmit"]);
  if (fs.existsSync(`${root}test/browser`)) {
    run("Build", "npm", ["run", "build"], { env });
    run("Browser tests (Chromium)", "npx", ["vitest", "run", "--config", "test/browser/vitest.config.ts"], {
      env,
      report: true,
    });
  }
} finally {
  postgres?.stop();
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps === 0 && totals.failed === 0 ? 0 : 1);
