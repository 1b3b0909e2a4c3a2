import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withSystem } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
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

type Entry<T> = { value: T; until: number };

/** Seconds a link stays cached: an edit in another process shows after at most this long. */
export const linkCacheTtlMs = 30_000;
const maxEntries = 50_000;

/**
 * Slug → link (and personal token → customer) in process with a short TTL, so a hot link costs
 * no query. Edits in this process forget the slug at once.
 */
export class LinkCache {
  private readonly links = new Map<string, Entry<ResolvedLink | null>>();
  private readonly recipients = new Map<string, Entry<string | null>>();

  constructor(
    private readonly database: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  async resolve(slug: string): Promise<ResolvedLink | null> {
    const hit = this.links.get(slug);
    if (hit && hit.until > this.clock()) return hit.value;
    const value = await loadLink(this.database, slug);
    remember(this.links, slug, value, this.clock() + linkCacheTtlMs);
    return value;
  }

  async recipientOf(link: ResolvedLink, token: string): Promise<string | null> {
    const key = `${link.linkId}/${token}`;
    const hit = this.recipients.get(key);
    if (hit && hit.until > this.clock()) return hit.value;
    const value = await loadRecipient(this.database, link, token);
    remember(this.recipients, key, value, this.clock() + linkCacheTtlMs);
    return value;
  }

  forget(slug: string): void {
    this.links.delete(slug);
  }
}

function remember<T>(map: Map<string, Entry<T>>, key: string, value: T, until: number) {
  // A full map starts over rather than tracking recency: entries are cheap to load again.
  if (map.size >= maxEntries) map.clear();
  map.set(key, { value, until });
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

async function loadRecipient(database: Database, link: ResolvedLink, token: string): Promise<string | null> {
  const [row] = await withSystem(database, async (tx) =>
    rowsOf<{ customer_id: string }>(
      await tx.execute(sql`select customer_id from short_link_recipients
        where merchant_id = ${link.merchantId} and link_id = ${link.linkId} and token = ${token}`),
    ),
  );
  return row?.customer_id ?? null;
}
