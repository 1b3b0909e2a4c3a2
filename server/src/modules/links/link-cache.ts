import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withSystem } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { createTtlMemo, type TtlMemo } from "../../lib/ttl-memo.js";
import { type LocationTemplate, redirectLocationTemplate } from "./redirect-target.js";
import type { Utm } from "./tables.js";

/** What the redirect needs of a link, found by its global slug. */
export type ResolvedLink = {
  merchantId: string;
  linkId: string;
  slug: string;
  target: string;
  utm: Utm;
  expiresAt: Date | null;
  passwordHash: string | null;
  status: "active" | "archived";
  timeZone: string;
  location: LocationTemplate;
};

/** Seconds a link stays cached: an edit in another process shows after at most this long. */
export const linkCacheTtlMs = 30_000;

/**
 * Slug → link (and personal token → customer) in process with a short TTL, so a hot link costs
 * no query. Edits in this process forget the slug at once.
 */
export class LinkCache {
  private readonly links: TtlMemo<string, ResolvedLink | null>;
  private readonly recipients: TtlMemo<string, string | null>;

  constructor(database: Database, clock: () => number = Date.now) {
    this.links = createTtlMemo((slug) => loadLink(database, slug), { ttlMs: linkCacheTtlMs, clock });
    this.recipients = createTtlMemo(
      (key: string) => {
        const [merchantId, linkId, token] = key.split("/") as [string, string, string];
        return loadRecipient(database, merchantId, linkId, token);
      },
      { ttlMs: linkCacheTtlMs, clock },
    );
  }

  resolve(slug: string): Promise<ResolvedLink | null> {
    return this.links.get(slug);
  }

  recipientOf(link: ResolvedLink, token: string): Promise<string | null> {
    return this.recipients.get(`${link.merchantId}/${link.linkId}/${token}`);
  }

  forget(slug: string): void {
    this.links.forget(slug);
  }
}

const caches = new WeakMap<Database, LinkCache>();

/** The process's link cache for a database (one per database, shared by its apps). */
export function linkCacheOf(database: Database): LinkCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new LinkCache(database);
    caches.set(database, cache);
  }
  return cache;
}

async function loadLink(database: Database, slug: string): Promise<ResolvedLink | null> {
  const [row] = await withSystem(database, async (tx) =>
    rowsOf<{
      merchant_id: string;
      link_id: string;
      target: string;
      utm: Utm;
      expires_at: string | Date | null;
      password_hash: string | null;
      status: "active" | "archived";
      time_zone: string;
    }>(
      await tx.execute(sql`select s.merchant_id, s.link_id, l.target, l.utm, l.expires_at, l.password_hash,
          l.status, m.time_zone
        from short_link_slugs s
        join short_links l on l.merchant_id = s.merchant_id and l.id = s.link_id
        join merchants m on m.id = s.merchant_id
        where s.slug = ${slug}`),
    ),
  );
  if (!row) return null;
  return {
    merchantId: row.merchant_id,
    linkId: row.link_id,
    slug,
    target: row.target,
    utm: row.utm,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    passwordHash: row.password_hash,
    status: row.status,
    timeZone: row.time_zone,
    location: redirectLocationTemplate(row.target, row.utm),
  };
}

async function loadRecipient(
  database: Database,
  merchantId: string,
  linkId: string,
  token: string,
): Promise<string | null> {
  const [row] = await withSystem(database, async (tx) =>
    rowsOf<{ customer_id: string }>(
      await tx.execute(sql`select customer_id from short_link_recipients
        where merchant_id = ${merchantId} and link_id = ${linkId} and token = ${token}`),
    ),
  );
  return row?.customer_id ?? null;
}
