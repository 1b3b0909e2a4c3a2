import { AppError } from "../errors.js";

/** Reads `--name value` / `--name=value` options; unknown options and missing values are refused. */
export function readOptions(args: string[], allowed: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) throw new AppError("validation_failed", `Unexpected argument: ${arg}`);
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!allowed.includes(flag)) {
      throw new AppError(
        "validation_failed",
        `Unknown option --${flag} (allowed: ${allowed.map((a) => `--${a}`).join(", ")})`,
      );
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith("--"))
      throw new AppError("validation_failed", `--${flag} needs a value`);
    values[flag] = value;
  }
  return values;
}

export function requireOptions(values: Record<string, string>, required: string[]): void {
  const missing = required.filter((r) => !values[r]);
  if (missing.length > 0) {
    throw new AppError("validation_failed", `Missing ${missing.map((m) => `--${m}`).join(", ")}`);
  }
}
