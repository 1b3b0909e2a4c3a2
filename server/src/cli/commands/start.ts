import { loadConfig } from "../../config.js";
import { startServer } from "../../server.js";
import type { CliCommand } from "../commands.js";

export const startCommand: CliCommand = {
  name: ["start"],
  usage: "start",
  summary: "apply migrations and start the server",
  async run() {
    const config = loadConfig();
    const server = await startServer(config);
    const where = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}`;
    console.log(`\nQuanzi is running on ${where}\n`);
    console.log(`  Admin console:  ${server.url}/admin`);
    console.log(`  Member page:    ${server.url}/m/<shop-slug>`);
    console.log(`  API docs:       ${server.url}/api/docs\n`);
    const shutdown = async (signal: string) => {
      server.app.log.info(`${signal}: shutting down`);
      await server.close();
      process.exit(0);
    };
    process.once("SIGINT", () => void shutdown("SIGINT"));
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    await new Promise(() => {});
    return 0;
  },
};
