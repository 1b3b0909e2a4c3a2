import { sql } from "drizzle-orm";
import { withMerchant, withSystem } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { checkLedger } from "../../modules/loyalty/ledger/check-ledger.js";
import { findMerchantBySlug } from "../../modules/merchants/create-merchant.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";
import { readOptions } from "../options.js";

export const ledgerCheckCommand: CliCommand = {
  name: ["ledger", "check"],
  usage: "ledger check [--merchant S]",
  summary: "prove every points and stored-value balance equals its ledger (exit 1 on any mismatch)",
  async run(args) {
    const o = readOptions(args, ["merchant"]);
    const { database, close } = await openDatabaseForCommand("ledger check");
    try {
      const shops = o.merchant
        ? [await findMerchantBySlug(database, o.merchant)]
        : await withSystem(database, async (tx) =>
            rowsOf<{ id: string; slug: string }>(
              await tx.execute(sql`select id, slug from merchants order by slug`),
            ),
          );
      let broken = 0;
      for (const shop of shops) {
        if (!shop) throw new AppError("not_found", `No shop with slug ${o.merchant}`);
        const violations = await withMerchant(database, shop.id, (tx) => checkLedger(tx, shop.id));
        const [{ accounts } = { accounts: 0 }] = await withMerchant(database, shop.id, async (tx) =>
          rowsOf<{ accounts: number }>(
            await tx.execute(
              sql`select count(*)::int as accounts from wallet_accounts where merchant_id = ${shop.id}`,
            ),
          ),
        );
        broken += violations.length;
        console.log(
          `${shop.slug}: ${accounts} wallet accounts, ${violations.length === 0 ? "ledger whole" : `${violations.length} problems`}`,
        );
        for (const v of violations)
          console.log(`  ${v.check} ${v.customerId ?? ""} ${v.wallet ?? ""}: ${v.detail}`);
      }
      return broken === 0 ? 0 : 1;
    } finally {
      await close();
    }
  },
};
