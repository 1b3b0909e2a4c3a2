import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { normalizePhone } from "../../lib/phone.js";
import { uuidArrayLiteral } from "../../lib/uuid-list.js";
import type { Actor } from "../audit/record-audit.js";
import { refreshAfterTagChange } from "../insight/refresh-insight.js";
import { type Assignment, deleteTagAssignments, insertTagAssignments } from "./tag-assignments.js";
import { getTag } from "./tag-definitions.js";

export type ManualTagging = { actor: Actor; reason?: string | null; at: Date };

async function manualTag(tx: Tx, merchantId: string, tagId: string) {
  const tag = await getTag(tx, merchantId, tagId);
  if (tag.kind === "rule") {
    throw new AppError("unprocessable", "A rule tag is added and removed by its rule only", {
      field: "tagId",
    });
  }
  return tag;
}

const assignmentOf = (input: ManualTagging): Assignment => ({
  source: "manual",
  reason: input.reason ?? null,
  actor: input.actor,
  ruleVersion: null,
  at: input.at,
});

/** The live (not merged away) customers among ids; throws not_found naming the others. */
async function requireCustomers(tx: Tx, merchantId: string, ids: string[]): Promise<string> {
  const list = uuidArrayLiteral(ids);
  const found = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from customers
      where merchant_id = ${merchantId} and id = any(${list}::uuid[]) and merged_into_id is null`),
  );
  const known = new Set(found.map((r) => r.id));
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new AppError("not_found", `${missing.length} customer(s) not found`, {
      missing: missing.slice(0, 100),
    });
  }
  return list;
}

/** Adds a manual tag to customers; all must exist, or nothing is written. */
export async function addTagToCustomers(
  tx: Tx,
  merchantId: string,
  tagId: string,
  customerIds: string[],
  input: ManualTagging,
) {
  const tag = await manualTag(tx, merchantId, tagId);
  const list = await requireCustomers(tx, merchantId, customerIds);
  const added = await insertTagAssignments(
    tx,
    merchantId,
    tag,
    sql`select unnest(${list}::uuid[]) as customer_id`,
    assignmentOf(input),
  );
  await refreshAfterTagChange(tx, merchantId, added);
  return { added: added.length, alreadyTagged: new Set(customerIds).size - added.length };
}

export async function removeTagFromCustomers(
  tx: Tx,
  merchantId: string,
  tagId: string,
  customerIds: string[],
  input: ManualTagging,
) {
  const tag = await manualTag(tx, merchantId, tagId);
  const list = await requireCustomers(tx, merchantId, customerIds);
  const removed = await deleteTagAssignments(
    tx,
    merchantId,
    tag,
    sql`ct.customer_id = any(${list}::uuid[])`,
    assignmentOf(input),
  );
  await refreshAfterTagChange(tx, merchantId, removed);
  return { removed: removed.length, notTagged: new Set(customerIds).size - removed.length };
}

/**
 * Tags the customers whose phones a CSV lists: the column headed phone / mobile / 手机号 / 手机,
 * or else the first column. Phones that match no customer are reported, not fatal.
 */
export async function tagCustomersByPhones(
  tx: Tx,
  merchantId: string,
  tagId: string,
  csv: string,
  input: ManualTagging,
) {
  const tag = await manualTag(tx, merchantId, tagId);
  const phones = readPhones(csv);
  if (phones.valid.length === 0 && phones.invalid.length === 0) {
    throw new AppError("invalid_csv", "The CSV lists no phones");
  }
  const list = `{${phones.valid.join(",")}}`;
  const matched = rowsOf<{ id: string; phone: string }>(
    await tx.execute(sql`select id, phone from customers
      where merchant_id = ${merchantId} and phone = any(${list}::text[]) and merged_into_id is null`),
  );
  const foundPhones = new Set(matched.map((r) => r.phone));
  const ids = matched.map((r) => r.id);
  const added =
    ids.length === 0
      ? []
      : await insertTagAssignments(
          tx,
          merchantId,
          tag,
          sql`select unnest(${uuidArrayLiteral(ids)}::uuid[]) as customer_id`,
          assignmentOf(input),
        );
  await refreshAfterTagChange(tx, merchantId, added);
  return {
    matched: ids.length,
    added: added.length,
    alreadyTagged: ids.length - added.length,
    notFound: phones.valid.filter((p) => !foundPhones.has(p)),
    invalid: phones.invalid,
  };
}

const phoneHeaders = new Set(["phone", "mobile", "手机号", "手机", "电话", "手机号码"]);
const maxPhones = 50_000;

function readPhones(csv: string): { valid: string[]; invalid: string[] } {
  let rows: string[][];
  try {
    rows = parse(csv.replace(/^\uFEFF/, ""), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new AppError("invalid_csv", `The CSV could not be read: ${(error as Error).message}`);
  }
  const header = rows[0]?.map((h) => h.toLowerCase()) ?? [];
  const headed = header.findIndex((h) => phoneHeaders.has(h));
  const column = Math.max(headed, 0);
  const body = headed >= 0 || !/\d{5}/.test(header[0] ?? "") ? rows.slice(1) : rows;
  if (body.length > maxPhones) throw new AppError("invalid_csv", `At most ${maxPhones} phones per upload`);
  const valid = new Set<string>();
  const invalid: string[] = [];
  for (const row of body) {
    const raw = row[column] ?? "";
    if (raw === "") continue;
    const phone = normalizePhone(raw);
    if (/^\+?\d{5,20}$/.test(phone)) valid.add(phone);
    else invalid.push(raw);
  }
  return { valid: [...valid], invalid: invalid.slice(0, 1000) };
}
