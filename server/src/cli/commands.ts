import { apiKeyCreateCommand } from "./commands/apikey.js";
import { demoCommand } from "./commands/demo.js";
import { importCustomersCommand, importOrdersCommand } from "./commands/import.js";
import { insightRecomputeCommand } from "./commands/insight.js";
import { ledgerCheckCommand } from "./commands/ledger.js";
import { merchantCreateCommand } from "./commands/merchant.js";
import { migrateCommand } from "./commands/migrate.js";
import { startCommand } from "./commands/start.js";

export type CliCommand = {
  name: string[];
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(args: string[]): Promise<number>;
};

export const cliCommands: CliCommand[] = [
  startCommand,
  migrateCommand,
  demoCommand,
  merchantCreateCommand,
  apiKeyCreateCommand,
  importOrdersCommand,
  importCustomersCommand,
  insightRecomputeCommand,
  ledgerCheckCommand,
];
