// `npm test`: every test, on PGlite and on a real PostgreSQL (TEST_DATABASE_URL, or a throwaway
// cluster started here when PostgreSQL's binaries are installed), then the browser tests.
// The quick independent steps (lint, type checks, web units, build) share the cores first; the server
// and browser suites each use every core by themselves, so they run after, one at a time.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { startThrowawayPostgres } from "./throwaway-postgres.mjs";

const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
let failedSteps = 0;

/**
 * Runs one step. A step running alongside others has its output held back and printed whole when it
 * ends, so parallel logs do not interleave; a step running alone streams.
 */
async function run(title, cmd, args, options = {}) {
  const started = Date.now();
  const reportFile = options.report
    ? `${root}.tmp/report-${title.replace(/\W+/g, "-")}-${started}.json`
    : null;
  const extra = reportFile
    ? ["--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`]
    : [];
  fs.mkdirSync(`${root}.tmp`, { recursive: true });
  if (!options.quiet) console.log(`\n=== ${title} ===`);
  const child = spawn(cmd, [...args, ...extra], {
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const status = await new Promise((resolve) => {
    child.on("error", () => resolve(-1));
    child.on("close", (code) => resolve(code));
  });
  const seconds = (Date.now() - started) / 1000;
  timings.push([title, seconds]);
  if (options.quiet) console.log(`\n=== ${title} (${seconds.toFixed(1)} s) ===\n${output.trimEnd()}`);
  if (reportFile && fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  if (status !== 0) {
    failedSteps += 1;
    console.error(`${title} failed (exit ${status})`);
  }
}

/** Runs the steps `width` at a time, in the order given. */
async function runTogether(steps, width) {
  const queue = [...steps];
  const lane = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      await run(step.title, step.cmd, step.args, { ...step.options, quiet: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, steps.length) }, lane));
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

const browserTests = fs.existsSync(`${root}test/browser`);
const quickSteps = [
  // The longest first, so the short ones fill the other lanes around it.
  { title: "Type check (web)", cmd: "npx", args: ["tsc", "-p", "web/tsconfig.json", "--noEmit"] },
  { title: "Type check (server)", cmd: "npx", args: ["tsc", "-p", "server/tsconfig.json", "--noEmit"] },
  ...(browserTests ? [{ title: "Build", cmd: "npm", args: ["run", "build"], options: { env } }] : []),
  {
    title: "Web unit tests",
    cmd: "npx",
    args: ["vitest", "run"],
    options: { cwd: `${root}web`, report: true },
  },
  { title: "Lint (Biome)", cmd: "npx", args: ["biome", "check", "."] },
  ...(fs.existsSync(`${root}test/browser/tsconfig.json`)
    ? [
        {
          title: "Type check (browser tests)",
          cmd: "npx",
          args: ["tsc", "-p", "test/browser/tsconfig.json", "--noEmit"],
        },
      ]
    : []),
];

try {
  await runTogether(quickSteps, Math.max(2, os.availableParallelism()));
  await run("Server tests (PGlite + PostgreSQL)", "npx", ["vitest", "run"], {
    cwd: `${root}server`,
    env,
    report: true,
  });
  if (browserTests) {
    await run(
      "Browser tests (Chromium)",
      "npx",
      ["vitest", "run", "--config", "test/browser/vitest.config.ts"],
      {
        env,
        report: true,
      },
    );
  }
} finally {
  postgres?.stop();
}

console.log(
  `\n${timings.map(([title, seconds]) => `${seconds.toFixed(1).padStart(7)} s  ${title}`).join("\n")}`,
);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps === 0 && totals.failed === 0 ? 0 : 1);
