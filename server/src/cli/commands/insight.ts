import { AppError } from "../../errors.js";
import { recomputeAllInsight } from "../../modules/insight/refresh-insight.js";
import { findMerchantBySlug } from "../../modules/merchants/create-merchant.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";
import { readOptions, requireOptions } from "../options.js";

export const insightRecomputeCommand: CliCommand = {
  name: ["insight", "recompute"],
  usage: "insight recompute --merchant S",
  summary: "recompute a shop's customer metrics and RFM, rule tags, layers and segments",
  async run(args) {
    const o = readOptions(args, ["merchant"]);
    requireOptions(o, ["merchant"]);
    const { database, close } = await openDatabaseForCommand("insight recompute");
    try {
      const merchant = await findMerchantBySlug(database, o.merchant!);
      if (!merchant) throw new AppError("not_found", `No shop with slug ${o.merchant}`);
      const result = await recomputeAllInsight(database, merchant.id);
      const { metrics, rfm } = result.metricsAndRfm;
      const total = Object.values(result.seconds).reduce((a, b) => a + b, 0);
      const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
      console.log(
        `Recomputed ${merchant.slug} in ${total.toFixed(3)}s: ${metrics?.written ?? 0} metric rows written, ` +
          `${metrics?.removed ?? 0} removed; RFM as of ${rfm.asOf ?? "-"} for ${rfm.customers} customers`,
      );
      console.log(
        `Rule tags: ${result.ruleTags.length} (+${sum(result.ruleTags, (t) => t.added)} −${sum(result.ruleTags, (t) => t.removed)}); ` +
          `layer moves: ${result.layers.moved}; segments: ${result.segments.length} ` +
          `(+${sum(result.segments, (s) => s.entered)} −${sum(result.segments, (s) => s.exited)})`,
      );
      console.log(JSON.stringify(rfm.classes));
    } finally {
      await close();
    }
    return 0;
  },
};
