import type { Logger } from "pino";
import type { Config } from "./config.js";
import { type Database, detectAppRole, openDatabase } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { claimEmbeddedDatabase } from "./embedded-lock.js";
import { buildApp } from "./http/app.js";
import type { App } from "./http/app-types.js";
import { startJobRunner } from "./jobs/job-runner.js";
import "./jobs/job-definitions.js";

export type RunningServer = { app: App; database: Database; url: string; close(): Promise<void> };

/** Opens the database, applies migrations, and starts listening. */
export async function startServer(config: Config): Promise<RunningServer> {
  const release = config.databaseUrl ? () => {} : claimEmbeddedDatabase(config.dataDir, "server");
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database);
  await detectAppRole(database);
  const logger = { level: config.logLevel, redact: ["req.headers.authorization", "req.headers.cookie"] };
  const app = await buildApp({ database, config, now: () => new Date() }, { logger });
  const jobRunner =
    config.jobWorkers > 0
      ? startJobRunner(database, {
          workers: config.jobWorkers,
          logger: app.log as Logger,
          allowPrivateWebhooks: config.webhookAllowPrivate ?? false,
        })
      : null;
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const url = config.publicUrl ?? `http://localhost:${port}`;
  return {
    app,
    database,
    url,
    async close() {
      await app.close();
      await jobRunner?.stop();
      await database.close();
      release();
    },
  };
}
