import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * Points the CLI at a fresh embedded database for the enclosing describe block (as a newcomer's
 * `quanzi` would use), and puts the environment back afterwards.
 */
export function useEmbeddedDataDir(prefix: string): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const saved = { dir: process.env.QUANZI_DATA_DIR, url: process.env.DATABASE_URL };
  beforeAll(() => {
    process.env.QUANZI_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    process.env.QUANZI_DATA_DIR = saved.dir;
    if (saved.url) process.env.DATABASE_URL = saved.url;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return dataDir;
}
