import { describe, expect, it } from "vitest";
import { ledgerCheckCommand } from "../src/cli/commands/ledger.js";
import { merchantCreateCommand } from "../src/cli/commands/merchant.js";
import { openDatabaseForCommand } from "../src/cli/open-database.js";
import { withMerchant } from "../src/db/tenant.js";
import { createCustomer } from "../src/modules/customers/create-customer.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { spendPoints } from "../src/modules/loyalty/points/spend-points.js";
import { findMerchantBySlug } from "../src/modules/merchants/create-merchant.js";
import { useEmbeddedDataDir } from "./support/embedded-data-dir.js";
import { runCommand } from "./support/run-command.js";

describe("quanzi ledger check", () => {
  useEmbeddedDataDir("quanzi-ledger-cli-");

  async function inShop(
    fn: (
      database: Awaited<ReturnType<typeof openDatabaseForCommand>>["database"],
      merchantId: string,
    ) => Promise<void>,
  ) {
    const opened = await openDatabaseForCommand("test");
    try {
      const merchant = await findMerchantBySlug(opened.database, "ledger-cli");
      await fn(opened.database, merchant!.id);
    } finally {
      await opened.close();
    }
  }

  it("passes a whole ledger and names the customer whose balance disagrees with it", async () => {
    const owner = ["--owner-email", "owner@example.com", "--owner-password=long enough secret"];
    expect(
      (await runCommand(merchantCreateCommand, ["--name", "店", "--slug", "ledger-cli", ...owner])).code,
    ).toBe(0);
    let customerId = "";
    await inShop(async (database, merchantId) => {
      await withMerchant(database, merchantId, async (tx) => {
        customerId = (await createCustomer(tx, merchantId, { name: "王" }, { source: "cli" })).id;
        const actor = { kind: "cli", name: "test" } as const;
        const base = { customerId, reason: { code: "api_earn" }, source: "cli", actor };
        await earnPoints(tx, merchantId, { ...base, points: 100, idempotencyKey: "a" });
        await spendPoints(tx, merchantId, { ...base, points: 30, idempotencyKey: "b" });
      });
    });
    const whole = await runCommand(ledgerCheckCommand, ["--merchant", "ledger-cli"]);
    expect(whole.code).toBe(0);
    expect(whole.lines[0]).toBe("ledger-cli: 1 wallet accounts, ledger whole");

    await inShop(async (database) => {
      await database.query("update wallet_accounts set balance = balance + 5");
    });
    const broken = await runCommand(ledgerCheckCommand, []);
    expect(broken.code).toBe(1);
    expect(broken.lines.join("\n")).toContain(
      `balance_equals_entries ${customerId} points: balance 75 but entries sum to 70`,
    );
  }, 120_000);
});
