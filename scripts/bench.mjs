// `npm run bench -- <name> [args]`: runs server/bench/<name>.ts, which prints JSON lines of figures.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const [name, ...args] = process.argv.slice(2);
const dir = new URL("../server/bench/", import.meta.url).pathname;
const available = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -3))
  : [];
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name>   (one of: ${available.join(", ") || "none yet"})`);
  process.exit(1);
}
const result = spawnSync("npx", ["tsx", `${dir}${name}.ts`, ...args], {
  stdio: "inherit",
  cwd: new URL("../server/", import.meta.url).pathname,
});
process.exit(result.status ?? 1);
