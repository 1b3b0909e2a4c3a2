import fs from "node:fs";
import { AppError } from "../../errors.js";
import { createImportFromPath, previewFile } from "../../modules/imports/create-import.js";
import { type ColumnMapping, type ImportKind, resolveMapping } from "../../modules/imports/import-fields.js";
import { type ImportProgress, runImport } from "../../modules/imports/run-import.js";
import { findMerchantBySlug } from "../../modules/merchants/create-merchant.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";

type ImportArgs = { file: string; merchant: string; overrides: ColumnMapping };

function parseImportArgs(kind: ImportKind, args: string[]): ImportArgs {
  const usage = `Usage: quanzi import ${kind} FILE.csv --merchant SLUG [--map column=field …]`;
  let file: string | undefined;
  let merchant: string | undefined;
  const overrides: ColumnMapping = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (flag === "--merchant") merchant = inline ?? args[++i];
    else if (flag === "--map") {
      const pair = inline ?? args[++i] ?? "";
      const at = pair.lastIndexOf("=");
      if (at <= 0) throw new AppError("bad_request", `--map takes column=field, got "${pair}"\n${usage}`);
      overrides[pair.slice(0, at)] = pair.slice(at + 1);
    } else if (!arg.startsWith("-") && !file) file = arg;
    else throw new AppError("bad_request", `Unexpected argument "${arg}"\n${usage}`);
  }
  if (!file || !merchant) throw new AppError("bad_request", usage);
  if (!fs.existsSync(file)) throw new AppError("not_found", `No such file: ${file}`);
  return { file, merchant, overrides };
}

/** One updating line on a terminal; a line per 10% when stderr is a file or a pipe. */
function progressPrinter(stream: NodeJS.WriteStream) {
  const started = Date.now();
  let lastDecile = -1;
  return {
    update(p: ImportProgress) {
      const fraction = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(p.processedRows / seconds) : 0;
      const eta = fraction > 0 ? Math.round(seconds / fraction - seconds) : null;
      const text = `${(fraction * 100).toFixed(0).padStart(3)}%  ${p.processedRows.toLocaleString("en")} lines  ${rate.toLocaleString("en")} lines/s  ETA ${eta === null ? "?" : `${eta}s`}`;
      if (stream.isTTY) {
        const width = 24;
        const filled = Math.round(fraction * width);
        stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}\x1b[K`);
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${text}\n`);
        }
      }
    },
    done(message: string) {
      stream.write(stream.isTTY ? `\r${message}\x1b[K\n` : `${message}\n`);
    },
  };
}

function importCommand(kind: ImportKind): CliCommand {
  return {
    name: ["import", kind],
    usage: `import ${kind} FILE.csv --merchant SLUG [--map column=field …]`,
    summary: `import ${kind} from a CSV file (streamed; the saved or suggested column mapping, --map overrides)`,
    async run(args) {
      const options = parseImportArgs(kind, args);
      const { database, close } = await openDatabaseForCommand(`import ${kind}`);
      try {
        const merchant = await findMerchantBySlug(database, options.merchant);
        if (!merchant) throw new AppError("not_found", `No shop with the slug "${options.merchant}"`);
        const preview = await previewFile(database, merchant.id, kind, options.file);
        const mapping = { ...preview.suggestedMapping, ...options.overrides };
        for (const [column, field] of Object.entries(mapping)) if (!field) delete mapping[column];
        resolveMapping(kind, preview.headers, mapping);
        const created = await createImportFromPath(database, {
          merchantId: merchant.id,
          kind,
          filePath: options.file,
          mapping,
          createdBy: "cli",
        });
        const printer = progressPrinter(process.stderr);
        const started = Date.now();
        const summary = await runImport(database, merchant.id, created.id, {
          progressIntervalMs: process.stderr.isTTY ? 250 : 500,
          onProgress: (p) => printer.update(p),
          onApplying: () => printer.done(`Read ${kind}; writing them to the database…`),
        });
        process.stderr.write(`Import ${created.id} done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
        console.log(JSON.stringify({ importId: created.id, ...summary }));
        return 0;
      } finally {
        await close();
      }
    },
  };
}

export const importOrdersCommand = importCommand("orders");
export const importCustomersCommand = importCommand("customers");
