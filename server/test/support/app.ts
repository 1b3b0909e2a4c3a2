import type { Config } from "../../src/config.js";
import type { Database } from "../../src/db/database.js";
import { buildApp } from "../../src/http/app.js";
import type { App } from "../../src/http/app-types.js";
import { createApiKey } from "../../src/modules/auth/api-keys.js";
import { createMerchant } from "../../src/modules/merchants/create-merchant.js";

export const testConfig: Config = {
  port: 0,
  host: "127.0.0.1",
  dataDir: "/tmp/quanzi-test",
  logLevel: "silent",
  smsSender: "console",
  secureCookies: "false",
  jobWorkers: 0,
};

export async function buildTestApp(database: Database, overrides: Partial<Config> = {}): Promise<App> {
  const app = await buildApp({ database, config: { ...testConfig, ...overrides }, now: () => new Date() });
  await app.ready();
  return app;
}

let counter = 0;

/** A merchant with an owner login and an API key, unique within the test database. */
export async function createTestMerchant(database: Database, name = "Test Shop") {
  counter += 1;
  const slug = `shop-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const ownerEmail = `${slug}@example.com`;
  const ownerPassword = "correct horse battery";
  const { merchant, ownerUserId, ownerStaffId } = await createMerchant(database, {
    name,
    slug,
    owner: { email: ownerEmail, password: ownerPassword, name: "Owner" },
  });
  const { key } = await createApiKey(database, merchant.id, { name: "test" });
  return { merchant, ownerUserId, ownerStaffId, ownerEmail, ownerPassword, apiKey: key };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
