import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { checkBuildsAreFresh } from "./build-freshness.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** An embedded data directory the built server has migrated, for files to start from a copy. */
    quanziDataTemplate: string;
  }
}

/**
 * Migrates one embedded database per run with the built CLI (`quanzi migrate`); each file's server then
 * starts on a copy of it instead of creating and migrating its own, which took most of a file's start.
 * member-harness still starts on an empty folder, as a newcomer's `quanzi start` does.
 */
export default function setup(project: TestProject) {
  checkBuildsAreFresh(repoRoot);
  const dataDir = mkdtempSync(path.join(tmpdir(), "quanzi-browser-template-"));
  const result = spawnSync(process.execPath, [path.join(repoRoot, "server/bin/quanzi.mjs"), "migrate"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: "", QUANZI_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`quanzi migrate failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  project.provide("quanziDataTemplate", dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}
