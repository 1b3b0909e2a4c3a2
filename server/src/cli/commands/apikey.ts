import { AppError } from "../../errors.js";
import { createApiKey } from "../../modules/auth/api-keys.js";
import { findMerchantBySlug } from "../../modules/merchants/create-merchant.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";
import { readOptions, requireOptions } from "../options.js";

export const apiKeyCreateCommand: CliCommand = {
  name: ["apikey", "create"],
  usage: "apikey create --merchant S [--name N]",
  summary: "create an API key for a shop (printed once, alone on the last line)",
  async run(args) {
    const o = readOptions(args, ["merchant", "name"]);
    requireOptions(o, ["merchant"]);
    const { database, close } = await openDatabaseForCommand("apikey create");
    try {
      const merchant = await findMerchantBySlug(database, o.merchant!);
      if (!merchant) throw new AppError("not_found", `No shop with slug ${o.merchant}`);
      const { key, apiKey } = await createApiKey(database, merchant.id, { name: o.name ?? "CLI" });
      console.log(`API key "${apiKey.name}" for ${merchant.slug} (keep it secret; it is not shown again):`);
      console.log(key);
    } finally {
      await close();
    }
    return 0;
  },
};
