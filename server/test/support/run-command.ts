import { vi } from "vitest";

/** Runs a CLI command in this process, capturing what it prints. */
export async function runCommand(command: { run(args: string[]): Promise<number> }, args: string[]) {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts) => lines.push(parts.join(" ")));
  try {
    return { code: await command.run(args), lines };
  } finally {
    log.mockRestore();
  }
}
