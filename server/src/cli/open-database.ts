import { type Config, loadConfig } from "../config.js";
import { type Database, detectAppRole, openDatabase } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { claimEmbeddedDatabase } from "../embedded-lock.js";

/**
 * Opens the configured database for a command that writes: migrated and ready. The embedded
 * database allows one process, so while `quanzi start` holds it this refuses with a clear message.
 */
export async function openDatabaseForCommand(
  purpose: string,
): Promise<{ config: Config; database: Database; close(): Promise<void> }> {
  const config = loadConfig();
  const release = config.databaseUrl ? () => {} : claimEmbeddedDatabase(config.dataDir, purpose);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database);
  await detectAppRole(database);
  return {
    config,
    database,
    async close() {
      await database.close();
      release();
    },
  };
}
