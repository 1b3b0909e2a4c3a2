import { ZodError } from "zod";
import { AppError } from "../../errors.js";
import { createMerchant } from "../../modules/merchants/create-merchant.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";
import { readOptions, requireOptions } from "../options.js";

export const merchantCreateCommand: CliCommand = {
  name: ["merchant", "create"],
  usage: "merchant create --name N --slug S --owner-email E --owner-password P [--time-zone Z]",
  summary: "create a shop and its owner login",
  async run(args) {
    const o = readOptions(args, ["name", "slug", "owner-email", "owner-password", "owner-name", "time-zone"]);
    requireOptions(o, ["name", "slug", "owner-email", "owner-password"]);
    const { config, database, close } = await openDatabaseForCommand("merchant create");
    try {
      const { merchant } = await createMerchant(database, {
        name: o.name!,
        slug: o.slug!,
        timeZone: o["time-zone"],
        owner: { email: o["owner-email"]!, password: o["owner-password"]!, name: o["owner-name"] },
      }).catch((error: unknown) => {
        if (error instanceof ZodError) {
          const first = error.issues[0];
          throw new AppError("validation_failed", `${first?.path.join(".")}: ${first?.message}`);
        }
        throw error;
      });
      const base = config.publicUrl ?? `http://localhost:${config.port}`;
      console.log(`Created shop "${merchant.name}" (${merchant.slug}).`);
      console.log(`  Admin console: ${base}/admin   (sign in as ${o["owner-email"]})`);
      console.log(`  Member page:   ${base}/m/${merchant.slug}`);
    } finally {
      await close();
    }
    return 0;
  },
};
