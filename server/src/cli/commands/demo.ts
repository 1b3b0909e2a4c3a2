import { demoLogin, demoStaffLogins, loadDemoShop } from "../../modules/demo/load-demo.js";
import type { CliCommand } from "../commands.js";
import { openDatabaseForCommand } from "../open-database.js";
import { readOptions } from "../options.js";

export const demoCommand: CliCommand = {
  name: ["demo"],
  usage: "demo [--slug S]",
  summary: "load the demo fresh-food shop (2 stores, ~2,000 customers, ~20,000 orders) and print its login",
  async run(args) {
    const o = readOptions(args, ["slug"]);
    const { config, database, close } = await openDatabaseForCommand("demo");
    try {
      process.stderr.write("Generating and importing the demo shop (about 20,000 orders)…\n");
      const started = Date.now();
      const { merchant, orders } = await loadDemoShop(database, { slug: o.slug });
      const base = config.publicUrl ?? `http://localhost:${config.port}`;
      console.log(
        `Loaded "${merchant.name}" in ${((Date.now() - started) / 1000).toFixed(1)} s: ${orders.orders} orders.`,
      );
      console.log(`  Admin console: ${base}/admin`);
      console.log(`  Member page:   ${base}/m/${merchant.slug}`);
      console.log(`  Sign in as:    ${demoLogin.email}  /  ${demoLogin.password}`);
      console.log(
        `  Other roles:   ${demoStaffLogins.map((s) => `${s.email} (${s.role})`).join(", ")}, same password`,
      );
    } finally {
      await close();
    }
    return 0;
  },
};
