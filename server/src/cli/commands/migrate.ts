import { loadConfig } from "../../config.js";
import { openDatabase } from "../../db/database.js";
import { migrate } from "../../db/migrate.js";
import { claimEmbeddedDatabase } from "../../embedded-lock.js";
import type { CliCommand } from "../commands.js";

export const migrateCommand: CliCommand = {
  name: ["migrate"],
  usage: "migrate",
  summary: "apply pending database migrations",
  async run() {
    const config = loadConfig();
    const release = config.databaseUrl ? () => {} : claimEmbeddedDatabase(config.dataDir, "migrate");
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrate(database);
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
    } finally {
      await database.close();
      release();
    }
    return 0;
  },
};
