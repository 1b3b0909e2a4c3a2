import fs from "node:fs";
import path from "node:path";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { expect, it } from "vitest";
import { describeEachDatabase } from "./support/databases.js";

const modulesDir = path.join(import.meta.dirname, "../src/modules");

/** Every Drizzle table declared in a module's tables file(s). */
async function declaredTables(): Promise<PgTable[]> {
  const files = fs
    .readdirSync(modulesDir, { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)([\w-]+-)?tables?\.ts$|-table\.ts$/.test(f));
  const tables: PgTable[] = [];
  for (const file of files) {
    const mod = (await import(path.join(modulesDir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (value && typeof value === "object" && Symbol.for("drizzle:IsDrizzleTable") in value) {
        tables.push(value as PgTable);
      }
    }
  }
  return tables;
}

describeEachDatabase("schema drift", (use) => {
  it("declares in Drizzle only columns that the migrations create, with matching nullability", async () => {
    const tables = await declaredTables();
    expect(tables.length).toBeGreaterThan(3);
    const rows = await use().query<{ table_name: string; column_name: string; is_nullable: string }>(
      "select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'",
    );
    const actual = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.is_nullable === "YES"]));
    const problems: string[] = [];
    for (const table of tables) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        if (!actual.has(key)) problems.push(`${key} is declared but not in the database`);
        else if (actual.get(key) !== !column.notNull && !column.primary) {
          problems.push(`${key}: nullability differs (declared notNull=${column.notNull})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("puts merchant_id first in the primary key of every table with row-level security", async () => {
    const rows = await use().query<{ table_name: string; first_key: string }>(
      `select c.relname as table_name, a.attname as first_key
         from pg_class c
         join pg_index i on i.indrelid = c.oid and i.indisprimary
         join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        where c.relnamespace = 'public'::regnamespace and c.relrowsecurity`,
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.first_key !== "merchant_id")).toEqual([]);
  });

  it("enables forced row-level security on every table that has a merchant_id column, except the global ones", async () => {
    const globalTables = ["jobs", "staff_sessions", "short_link_slugs", "live_code_lookup"];
    const rows = await use().query<{ table_name: string; forced: boolean; enabled: boolean }>(
      `select c.relname as table_name, c.relforcerowsecurity as forced, c.relrowsecurity as enabled
         from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'merchant_id')`,
    );
    const unprotected = rows.filter((r) => !globalTables.includes(r.table_name) && !(r.forced && r.enabled));
    expect(unprotected.map((r) => r.table_name)).toEqual([]);
  });
});
