import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { escapeLike } from "../../lib/like-pattern.js";
import { decodeCursor, toPage } from "../../lib/pagination.js";
import { normalizePhone } from "../../lib/phone.js";
import { findCustomerIdByIdentity } from "../customers/identities.js";
import { customers } from "../customers/tables.js";
import { getCommunityBrief } from "./communities.js";
import { joinCommunity } from "./join-community.js";
import type { ImportReport } from "./schemas.js";
import { communityMembers } from "./tables.js";

/** Current members, newest join first, searchable by name or phone fragment. */
export async function listCommunityMembers(
  tx: Tx,
  merchantId: string,
  communityId: string,
  query: { limit: number; cursor?: string; q?: string },
) {
  await getCommunityBrief(tx, merchantId, communityId);
  const after = decodeCursor(query.cursor);
  const pattern = query.q ? `%${escapeLike(query.q)}%` : null;
  const rows = await tx
    .select({
      customerId: communityMembers.customerId,
      name: customers.name,
      phone: customers.phone,
      status: communityMembers.status,
      source: communityMembers.source,
      rulesAcceptedAt: communityMembers.rulesAcceptedAt,
      joinedAt: communityMembers.joinedAt,
    })
    .from(communityMembers)
    .innerJoin(
      customers,
      and(
        eq(customers.merchantId, communityMembers.merchantId),
        eq(customers.id, communityMembers.customerId),
      ),
    )
    .where(
      and(
        eq(communityMembers.merchantId, merchantId),
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.status, "joined"),
        pattern ? or(ilike(customers.name, pattern), ilike(customers.phone, pattern)) : undefined,
        after
          ? sql`(${communityMembers.joinedAt}, ${communityMembers.customerId}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(communityMembers.joinedAt), desc(communityMembers.customerId))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => ({ at: r.joinedAt.toISOString(), id: r.customerId }));
}

/** Staff record a member by customer id or phone (a phone nobody has is 404, not a new customer). */
export async function addCommunityMember(
  tx: Tx,
  merchantId: string,
  communityId: string,
  input: { customerId?: string; phone?: string; source?: string },
  context: { staffId: string | null; now: Date },
) {
  const customerId =
    input.customerId ??
    (input.phone ? await findCustomerIdByIdentity(tx, merchantId, "phone", input.phone) : null);
  if (!customerId) throw new AppError("not_found", "No customer has this phone", { reason: "unknown_phone" });
  return joinCommunity(tx, merchantId, {
    communityId,
    customerId,
    source: input.source ?? "staff",
    staffId: context.staffId,
    now: context.now,
  });
}

export const maxImportRows = 5_000;

/** Phones from a CSV: the first cell of each line; a header line (no digits) is skipped. */
export function phonesOfCsv(text: string): { line: number; raw: string }[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const out: { line: number; raw: string }[] = [];
  lines.forEach((content, index) => {
    const first = (content.split(/[,;\t]/)[0] ?? "")
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .trim();
    if (!first) return;
    if (index === 0 && !/\d/.test(first)) return;
    out.push({ line: index + 1, raw: first });
  });
  if (out.length > maxImportRows) {
    throw new AppError("validation_failed", `At most ${maxImportRows} phones per file`, {
      issues: [{ path: "file", message: `at most ${maxImportRows} rows` }],
    });
  }
  return out;
}

/**
 * Records external-platform membership from a CSV of phones. Each row is judged on its own: a phone
 * no customer has and a full community are reported per row, the other rows still join (each join
 * in a savepoint, so one refusal does not undo the rest).
 */
export async function importCommunityMembers(
  tx: Tx,
  merchantId: string,
  communityId: string,
  csv: string,
  context: { staffId: string | null; now: Date },
): Promise<ImportReport> {
  await getCommunityBrief(tx, merchantId, communityId);
  const report: ImportReport = {
    joined: 0,
    alreadyMembers: 0,
    unknownPhones: 0,
    invalidPhones: 0,
    full: 0,
    rows: [],
  };
  for (const { line, raw } of phonesOfCsv(csv)) {
    const phone = normalizePhone(raw);
    if (!/^\+?\d{5,20}$/.test(phone)) {
      report.invalidPhones++;
      report.rows.push({ line, phone: raw, outcome: "invalid_phone", customerId: null });
      continue;
    }
    const customerId = await findCustomerIdByIdentity(tx, merchantId, "phone", phone);
    if (!customerId) {
      report.unknownPhones++;
      report.rows.push({ line, phone, outcome: "unknown_phone", customerId: null });
      continue;
    }
    // A savepoint, not tx.transaction: on the pool a Tx is a connection inside begin … commit.
    await tx.execute(sql`savepoint community_import_row`);
    try {
      const outcome = await joinCommunity(tx, merchantId, {
        communityId,
        customerId,
        source: "import",
        staffId: context.staffId,
        now: context.now,
      });
      await tx.execute(sql`release savepoint community_import_row`);
      if (outcome.joined) report.joined++;
      else report.alreadyMembers++;
      report.rows.push({
        line,
        phone,
        outcome: outcome.joined ? "joined" : "already_member",
        customerId: outcome.customerId,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "community_full") throw error;
      await tx.execute(sql`rollback to savepoint community_import_row`);
      report.full++;
      report.rows.push({ line, phone, outcome: "community_full", customerId });
    }
  }
  return report;
}
