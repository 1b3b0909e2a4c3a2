import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiKeyCreateCommand } from "../src/cli/commands/apikey.js";
import { importOrdersCommand } from "../src/cli/commands/import.js";
import { merchantCreateCommand } from "../src/cli/commands/merchant.js";
import { AppError } from "../src/errors.js";
import { useEmbeddedDataDir } from "./support/embedded-data-dir.js";
import { runCommand } from "./support/run-command.js";

describe("quanzi CLI on the embedded database", () => {
  const dataDir = useEmbeddedDataDir("quanzi-cli-");

  it("creates a shop, prints an API key alone on the last line, and imports orders", async () => {
    const created = await runCommand(merchantCreateCommand, [
      "--name",
      "鲜果铺",
      "--slug",
      "cli-shop",
      "--owner-email",
      "owner@example.com",
      "--owner-password=long enough secret",
    ]);
    expect(created.code).toBe(0);
    expect(created.lines.join("\n")).toContain("/m/cli-shop");
    const key = await runCommand(apiKeyCreateCommand, ["--merchant", "cli-shop", "--name", "POS"]);
    expect(key.lines.at(-1)).toMatch(/^qz_[A-Za-z0-9]{40}$/);
    const fixture = path.join(import.meta.dirname, "fixtures/orders-mixed.csv");
    const imported = await runCommand(importOrdersCommand, [fixture, "--merchant", "cli-shop"]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.lines.at(-1)!)).toMatchObject({ orders: 5, errors: 3 });
  }, 180_000);

  it("refuses clearly while another process holds the embedded database", async () => {
    const holder = spawn("sleep", ["30"]);
    fs.writeFileSync(
      path.join(dataDir, "quanzi.lock"),
      JSON.stringify({ pid: holder.pid, purpose: "server", startedAt: new Date().toISOString() }),
    );
    try {
      const attempt = runCommand(apiKeyCreateCommand, ["--merchant", "cli-shop"]);
      await expect(attempt).rejects.toThrow(AppError);
      await expect(attempt).rejects.toMatchObject({ code: "database_busy" });
    } finally {
      holder.kill();
      fs.rmSync(path.join(dataDir, "quanzi.lock"), { force: true });
    }
  });

  it("refuses missing and unknown options", async () => {
    await expect(runCommand(merchantCreateCommand, ["--name", "x"])).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      runCommand(apiKeyCreateCommand, ["--merchant", "cli-shop", "--colour", "red"]),
    ).rejects.toThrow(/Unknown option/);
    await expect(runCommand(apiKeyCreateCommand, ["--merchant", "no-such-shop"])).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
