import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { escapeLike } from "../../lib/like-pattern.js";
import type { PageQuery } from "../../lib/pagination.js";
import { products } from "./tables.js";

/**
 * Keeps the product list from what orders bring: the latest name, category and price per SKU.
 * Rows are upserted in SKU order so parallel orders lock them in the same order (no deadlocks).
 */
export async function upsertProductsFromLines(
  tx: Tx,
  merchantId: string,
  lines: { sku: string; name: string; category: string | null; unitPrice: number }[],
  seenAt: Date,
) {
  const bySku = new Map(lines.map((l) => [l.sku, l]));
  const values = [...bySku.values()]
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .map((l) => ({
      merchantId,
      sku: l.sku,
      name: l.name,
      category: l.category,
      lastUnitPrice: l.unitPrice,
      firstSeenAt: seenAt,
    }));
  await tx
    .insert(products)
    .values(values)
    .onConflictDoUpdate({
      target: [products.merchantId, products.sku],
      set: {
        name: sql`excluded.name`,
        category: sql`coalesce(excluded.category, ${products.category})`,
        lastUnitPrice: sql`excluded.last_unit_price`,
        firstSeenAt: sql`least(${products.firstSeenAt}, excluded.first_seen_at)`,
        updatedAt: sql`now()`,
      },
    });
}

/** Products by SKU, searched by SKU or name, optionally within a category. */
export async function listProducts(
  tx: Tx,
  merchantId: string,
  filter: { q?: string; category?: string },
  page: PageQuery,
) {
  const offset = page.cursor ? Number.parseInt(Buffer.from(page.cursor, "base64url").toString(), 10) || 0 : 0;
  const rows = await tx
    .select({
      sku: products.sku,
      name: products.name,
      category: products.category,
      lastUnitPrice: products.lastUnitPrice,
    })
    .from(products)
    .where(
      and(
        eq(products.merchantId, merchantId),
        filter.category ? eq(products.category, filter.category) : undefined,
        filter.q
          ? or(
              ilike(products.sku, `${escapeLike(filter.q)}%`),
              ilike(products.name, `%${escapeLike(filter.q)}%`),
            )
          : undefined,
      ),
    )
    .orderBy(asc(products.sku))
    .limit(page.limit + 1)
    .offset(offset);
  const next =
    rows.length > page.limit ? Buffer.from(String(offset + page.limit)).toString("base64url") : null;
  return { data: rows.slice(0, page.limit), nextCursor: next };
}
