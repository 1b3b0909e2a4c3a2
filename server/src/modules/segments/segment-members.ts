import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withMerchant } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { csvLine, csvText } from "../../lib/csv.js";
import { formatFen } from "../../lib/money.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import type { SegmentMember } from "./schemas.js";
import { getSegment } from "./segment-definitions.js";

type MemberRow = {
  id: string;
  name: string | null;
  phone: string | null;
  entered_at: Date | string;
  order_count: number;
  total_spent: number | string;
  net_spent: number | string;
  last_order_at: Date | string | null;
};

const toMember = (r: MemberRow): SegmentMember => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  enteredAt: new Date(r.entered_at),
  orderCount: r.order_count,
  totalSpent: Number(r.total_spent),
  netSpent: Number(r.net_spent),
  lastOrderAt: r.last_order_at === null ? null : new Date(r.last_order_at),
});

/** Members of a segment, latest entries first, one keyset page at a time (`(entered_at, id)` cursor). */
export async function listSegmentMembers(tx: Tx, merchantId: string, segmentId: string, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const keyset = after
    ? sql`and (sm.entered_at, sm.customer_id) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const rows = rowsOf<MemberRow>(
    await tx.execute(sql`
      select c.id, c.name, c.phone, sm.entered_at, coalesce(m.order_count, 0)::int as order_count,
             coalesce(m.total_spent, 0)::bigint as total_spent, coalesce(m.net_spent, 0)::bigint as net_spent,
             m.last_order_at
        from segment_members sm
        join customers c on c.merchant_id = sm.merchant_id and c.id = sm.customer_id
        left join customer_metrics m on m.merchant_id = sm.merchant_id and m.customer_id = sm.customer_id
       where sm.merchant_id = ${merchantId} and sm.segment_id = ${segmentId} ${keyset}
       order by sm.entered_at desc, sm.customer_id desc
       limit ${page.limit + 1}`),
  ).map(toMember);
  return toPage(rows, page.limit, (m) => ({ at: m.enteredAt.toISOString(), id: m.id }));
}

const header = ["name", "phone", "orderCount", "totalSpent", "netSpent", "lastOrderAt", "enteredAt"];

/**
 * The members as CSV (money in yuan, times ISO 8601), streamed page by page, so memory stays flat
 * whatever the segment's size. The segment is looked up first, so an unknown id is a 404 before
 * any byte is sent.
 */
export async function exportSegmentMembersCsv(database: Database, merchantId: string, segmentId: string) {
  const segment = await withMerchant(database, merchantId, (tx) => getSegment(tx, merchantId, segmentId));
  async function* lines() {
    yield "\ufeff";
    yield csvLine(header);
    let cursor: string | undefined;
    do {
      const page = await withMerchant(database, merchantId, (tx) =>
        listSegmentMembers(tx, merchantId, segmentId, { limit: 1000, cursor }),
      );
      for (const m of page.data) {
        yield csvLine([
          csvText(m.name),
          csvText(m.phone),
          String(m.orderCount),
          formatFen(m.totalSpent),
          formatFen(m.netSpent),
          m.lastOrderAt?.toISOString() ?? "",
          m.enteredAt.toISOString(),
        ]);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { segment, stream: Readable.from(lines()) };
}
