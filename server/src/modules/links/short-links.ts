import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { escapeLike } from "../../lib/like-pattern.js";
import { decodeCursor, type PageQuery, toPage } from "../../lib/pagination.js";
import { hashPassword } from "../../lib/passwords.js";
import { randomToken } from "../../lib/tokens.js";
import { isAllowedTarget } from "./redirect-target.js";
import type { ShortLink, ShortLinkChange, ShortLinkInput } from "./schemas.js";
import { type ShortLinkRow, shortLinkRecipients, shortLinkSlugs, shortLinks } from "./tables.js";

export const slugLength = 7;

/** Where a link answers, relative to the public base URL. */
export const shortPathOf = (slug: string) => `/s/${slug}`;
export const scanPathOf = (slug: string) => `/s/${slug}?src=qr`;

type Counts = { hits: number; human: number };

export function shortLinkOf(
  row: ShortLinkRow,
  base: string,
  counts: Counts = { hits: 0, human: 0 },
): ShortLink {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    target: row.target,
    utm: row.utm,
    expiresAt: row.expiresAt,
    hasPassword: row.passwordHash !== null,
    origin: row.origin,
    status: row.status,
    shortUrl: `${base}${shortPathOf(row.slug)}`,
    scanUrl: `${base}${scanPathOf(row.slug)}`,
    hits: counts.hits,
    human: counts.human,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Claims a fresh random slug in the global slug table (a collision just draws again). */
async function claimSlug(tx: Tx, merchantId: string, linkId: string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const slug = randomToken(slugLength);
    const claimed = await tx
      .insert(shortLinkSlugs)
      .values({ slug, merchantId, linkId })
      .onConflictDoNothing()
      .returning({ slug: shortLinkSlugs.slug });
    if (claimed.length) return slug;
  }
  throw new AppError("unavailable", "Could not draw a free slug; try again");
}

export type CreateOptions = { staffId?: string | null; now?: Date };

/** The route's schema checks the target too; services calling in directly get the same rule. */
function checkTarget(target: string) {
  if (!isAllowedTarget(target)) {
    throw new AppError(
      "validation_failed",
      "target must be a member-page path (/m/<shop>/…) or an http(s) URL",
      {
        issues: [{ path: "body.target", message: "a member-page path (/m/<shop>/…) or an http(s) URL" }],
      },
    );
  }
}

/**
 * Creates a short link with a random global slug. Exported for the content calendar, coupons and
 * live codes: call it inside their own merchant transaction.
 */
export async function createShortLink(
  tx: Tx,
  merchantId: string,
  input: ShortLinkInput,
  options: CreateOptions = {},
): Promise<ShortLinkRow> {
  checkTarget(input.target);
  const [{ id } = { id: "" }] = rowsOf<{ id: string }>(await tx.execute(sql`select gen_random_uuid() as id`));
  const slug = await claimSlug(tx, merchantId, id);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && options.now && expiresAt <= options.now) {
    throw new AppError("validation_failed", "expiresAt must be in the future", {
      issues: [{ path: "body.expiresAt", message: "must be in the future" }],
    });
  }
  const [row] = await tx
    .insert(shortLinks)
    .values({
      merchantId,
      id,
      slug,
      title: input.title ?? "",
      target: input.target,
      utm: input.utm ?? {},
      expiresAt,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      origin: input.origin ?? "staff",
      createdByStaffId: options.staffId ?? null,
      status: input.status ?? "active",
    })
    .returning();
  return row!;
}

export async function getShortLinkRow(tx: Tx, merchantId: string, id: string): Promise<ShortLinkRow> {
  const [row] = await tx
    .select()
    .from(shortLinks)
    .where(and(eq(shortLinks.merchantId, merchantId), eq(shortLinks.id, id)));
  if (!row) throw notFound("Short link");
  return row;
}

export async function updateShortLink(
  tx: Tx,
  merchantId: string,
  id: string,
  change: ShortLinkChange,
): Promise<ShortLinkRow> {
  await getShortLinkRow(tx, merchantId, id);
  const values: Partial<ShortLinkRow> = { updatedAt: new Date() };
  if (change.title !== undefined) values.title = change.title;
  if (change.target !== undefined) {
    checkTarget(change.target);
    values.target = change.target;
  }
  if (change.utm !== undefined) values.utm = change.utm;
  if (change.expiresAt !== undefined) values.expiresAt = change.expiresAt ? new Date(change.expiresAt) : null;
  if (change.password !== undefined) {
    values.passwordHash = change.password ? await hashPassword(change.password) : null;
  }
  if (change.status !== undefined) values.status = change.status;
  const [row] = await tx
    .update(shortLinks)
    .set(values)
    .where(and(eq(shortLinks.merchantId, merchantId), eq(shortLinks.id, id)))
    .returning();
  return row!;
}

/** Hits and human hits per link, summed from the daily rollups. */
export async function countHits(tx: Tx, merchantId: string, ids: string[]): Promise<Map<string, Counts>> {
  if (!ids.length) return new Map();
  const rows = rowsOf<{ link_id: string; hits: number; human: number }>(
    await tx.execute(sql`select link_id, sum(hits)::int as hits, sum(human)::int as human
      from short_link_daily where merchant_id = ${merchantId}
       and link_id = any(${`{${ids.join(",")}}`}::uuid[]) group by link_id`),
  );
  return new Map(rows.map((r) => [r.link_id, { hits: r.hits, human: r.human }]));
}

export type LinkFilter = { q?: string; status?: "active" | "archived" };

/** Newest first, searchable by title, slug or target. */
export async function listShortLinks(tx: Tx, merchantId: string, filter: LinkFilter, page: PageQuery) {
  const after = decodeCursor(page.cursor);
  const conditions = [eq(shortLinks.merchantId, merchantId)];
  if (filter.status) conditions.push(eq(shortLinks.status, filter.status));
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(
      or(
        ilike(shortLinks.title, pattern),
        ilike(shortLinks.slug, pattern),
        ilike(shortLinks.target, pattern),
      )!,
    );
  }
  if (after) {
    conditions.push(
      sql`(${shortLinks.createdAt}, ${shortLinks.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await tx
    .select()
    .from(shortLinks)
    .where(and(...conditions))
    .orderBy(desc(shortLinks.createdAt), desc(shortLinks.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (r) => ({ at: r.createdAt.toISOString(), id: r.id }));
}

/**
 * The personalised variant of a link for one customer: a random token that names them, the same
 * token on every call for the same customer.
 */
export async function personaliseShortLink(tx: Tx, merchantId: string, linkId: string, customerId: string) {
  const link = await getShortLinkRow(tx, merchantId, linkId);
  const [customer] = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from customers where merchant_id = ${merchantId} and id = ${customerId}`),
  );
  if (!customer) throw notFound("Customer");
  await tx
    .insert(shortLinkRecipients)
    .values({ merchantId, linkId, customerId, token: randomToken(10) })
    .onConflictDoNothing();
  const [row] = await tx
    .select({ token: shortLinkRecipients.token })
    .from(shortLinkRecipients)
    .where(
      and(
        eq(shortLinkRecipients.merchantId, merchantId),
        eq(shortLinkRecipients.linkId, linkId),
        eq(shortLinkRecipients.customerId, customerId),
      ),
    );
  return { token: row!.token, path: `${shortPathOf(link.slug)}/${row!.token}`, customerId };
}
