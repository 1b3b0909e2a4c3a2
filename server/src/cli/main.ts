import { AppError } from "../errors.js";
import { cliCommands } from "./commands.js";

const usage = `Usage: quanzi <command> [options]

Commands:
${cliCommands.map((c) => `  ${c.usage.padEnd(64)} ${c.summary}`).join("\n")}

Environment: PORT (3000), QUANZI_DATA_DIR (./data), DATABASE_URL (postgres://… for a PostgreSQL server)`;

async function main(argv: string[]): Promise<number> {
  const words = argv.filter((a) => !a.startsWith("-"));
  const command = cliCommands
    .filter((c) => c.name.every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!command || argv.includes("--help") || argv.includes("-h")) {
    console.log(usage);
    return command || argv.includes("--help") || argv.includes("-h") ? 0 : 1;
  }
  const rest = argv.slice(argv.indexOf(command.name.at(-1)!) + 1);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined && code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof AppError) console.error(`Error (${error.code}): ${error.message}`);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
