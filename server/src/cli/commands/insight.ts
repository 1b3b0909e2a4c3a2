import { AppError } from "../../errors.js";
import { recomputeInsight } from "../../modules/insight/recompute-insight.js";
import { findMerchantBySlug } from "../../modules/merchants/create-merchant.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";
import { readOptions, requireOptions } from "../options.js";

export const insightRecomputeCommand: CliCommand = {
  name: ["insight", "recompute"],
  usage: "insight recompute --merchant S",
  summary: "recompute a shop's customer metrics and RFM from its orders",
  async run(args) {
    const o = readOptions(args, ["merchant"]);
    requireOptions(o, ["merchant"]);
    const { database, close } = await openDatabaseForCommand("insight recompute");
    try {
      const merchant = await findMerchantBySlug(database, o.merchant!);
      if (!merchant) throw new AppError("not_found", `No shop with slug ${o.merchant}`);
      const result = await recomputeInsight(database, merchant.id);
      console.log(
        `Recomputed ${merchant.slug} in ${result.seconds}s: ${result.metrics?.written ?? 0} metric rows written, ` +
          `${result.metrics?.removed ?? 0} removed; RFM as of ${result.rfm.asOf ?? "-"} for ${result.rfm.customers} customers`,
      );
      console.log(JSON.stringify(result.rfm.classes));
    } finally {
      await close();
    }
    return 0;
  },
};
