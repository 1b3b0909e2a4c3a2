import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { hashPassword } from "../../lib/passwords.js";
import { createImportFromPath } from "../imports/create-import.js";
import { runImport } from "../imports/run-import.js";
import { createMerchant } from "../merchants/create-merchant.js";
import { addStaffMember } from "../staff/staff-members.js";
import { createStore } from "../stores/manage-stores.js";
import { demoStaff, demoStores } from "./demo-catalog.js";
import { customerColumns, orderColumns, writeDemoCsv } from "./demo-csv.js";
import { generateDemo } from "./generate-demo.js";

export const demoLogin = { email: "owner@demo.quanzi.local", password: "quanzi-demo" };
/** Every demo staff login shares the owner's password, so a visitor can try each role. */
export const demoStaffLogins = demoStaff.map((s) => ({ email: s.email, role: s.role }));

const identity = (columns: string[]) => Object.fromEntries(columns.map((c) => [c, c]));

/**
 * Loads the demo fresh-food shop: 2 stores, a few staff, ~2,000 customers and ~20,000 orders over
 * the year before `now`, through the same import path a real shop's CSV takes. `onlyIfFirst`
 * refuses when any shop exists (the first-run screen's offer).
 */
export async function loadDemoShop(
  database: Database,
  options: { now?: Date; slug?: string; onlyIfFirst?: boolean; customers?: number; orders?: number } = {},
) {
  const now = options.now ?? new Date();
  const { merchant } = await createMerchant(
    database,
    {
      name: "圈子鲜果铺 (演示)",
      slug: options.slug ?? "demo",
      timeZone: "Asia/Shanghai",
      owner: { ...demoLogin, name: "演示店主" },
    },
    { onlyIfFirst: options.onlyIfFirst },
  );
  const passwordHash = await hashPassword(demoLogin.password);
  await withMerchant(database, merchant.id, async (tx) => {
    for (const store of demoStores) await createStore(tx, merchant.id, store);
    for (const person of demoStaff) await addStaffMember(tx, merchant.id, { ...person, passwordHash });
  });
  const { customers, lines } = generateDemo({ now, customers: options.customers, orders: options.orders });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quanzi-demo-"));
  try {
    const files = writeDemoCsv(dir, customers, lines);
    const orders = await importFile(
      database,
      merchant.id,
      "orders",
      files.ordersFile,
      identity(orderColumns),
    );
    const profiles = await importFile(
      database,
      merchant.id,
      "customers",
      files.customersFile,
      identity(customerColumns),
    );
    return { merchant, login: demoLogin, orders, profiles };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function importFile(
  database: Database,
  merchantId: string,
  kind: "orders" | "customers",
  filePath: string,
  mapping: Record<string, string>,
) {
  const created = await createImportFromPath(database, {
    merchantId,
    kind,
    filePath,
    mapping,
    createdBy: "demo",
  });
  return runImport(database, merchantId, created.id);
}
