import fs from "node:fs";
import path from "node:path";
import { formatFen } from "../../lib/money.js";
import { orderFields } from "../imports/import-fields.js";
import type { DemoCustomer, DemoLine } from "./generate-demo.js";

const cell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const row = (values: (string | number | null)[]) => `${values.map(cell).join(",")}\n`;

export const customerColumns = [
  "externalId",
  "phone",
  "name",
  "gender",
  "birthday",
  "province",
  "city",
  "district",
];
/** The demo's order file has every order field but a line discount. */
export const orderColumns = orderFields.filter((f) => f !== "discount");

/** Writes the demo history as the two CSV files a shop would export, for the regular import path. */
export function writeDemoCsv(dir: string, customers: DemoCustomer[], lines: DemoLine[]) {
  fs.mkdirSync(dir, { recursive: true });
  const customersFile = path.join(dir, "demo-customers.csv");
  const ordersFile = path.join(dir, "demo-orders.csv");
  fs.writeFileSync(
    customersFile,
    row(customerColumns) +
      customers
        .map((c) =>
          row([c.externalId, c.phone, c.name, c.gender, c.birthday, c.province, c.city, c.district]),
        )
        .join(""),
  );
  const out = fs.openSync(ordersFile, "w");
  fs.writeSync(out, row(orderColumns));
  for (const l of lines) {
    fs.writeSync(
      out,
      row([
        l.orderNo,
        l.placedAt.toISOString(),
        l.customer?.externalId ?? null,
        l.customer?.phone ?? null,
        l.customer?.name ?? null,
        l.store,
        l.item.sku,
        l.item.name,
        l.item.category,
        l.quantity,
        formatFen(l.item.unitPrice),
        l.cancelled ? "cancelled" : null,
      ]),
    );
  }
  fs.closeSync(out);
  return { customersFile, ordersFile };
}
