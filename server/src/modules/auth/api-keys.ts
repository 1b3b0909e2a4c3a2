import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant, withSystem } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { hashToken, randomToken } from "../../lib/tokens.js";
import { apiKeys } from "./api-keys-table.js";

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const view = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** Creates a key; the secret is returned once and only its hash is kept. */
export async function createApiKey(
  database: Database,
  merchantId: string,
  input: { name: string; createdBy?: string | null },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const key = `qz_${randomToken(40)}`;
  const [row] = await withMerchant(database, merchantId, (tx) =>
    tx
      .insert(apiKeys)
      .values({
        merchantId,
        name: input.name,
        prefix: key.slice(0, 10),
        keyHash: hashToken(key),
        createdBy: input.createdBy ?? null,
      })
      .returning(view),
  );
  return { key, apiKey: row! };
}

export async function listApiKeys(database: Database, merchantId: string): Promise<ApiKeyView[]> {
  return withMerchant(database, merchantId, (tx) =>
    tx.select(view).from(apiKeys).where(eq(apiKeys.merchantId, merchantId)).orderBy(desc(apiKeys.createdAt)),
  );
}

export async function revokeApiKey(database: Database, merchantId: string, id: string): Promise<ApiKeyView> {
  const [row] = await withMerchant(database, merchantId, (tx) =>
    tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.id, id)))
      .returning(view),
  );
  if (!row) throw notFound("API key");
  forgetKey(row.id);
  return row;
}

// last_used_at is written at most once a minute per key, so reads stay reads under load.
const lastTouched = new Map<string, number>();

type KeyPrincipal = { merchantId: string; keyId: string; name: string };

/**
 * Recently seen keys, so a busy POS does not cost a database round trip per call. A revocation
 * here is immediate; another server process notices it within cacheTtlMs.
 */
const keyCache = new Map<string, { key: KeyPrincipal; until: number }>();
export const apiKeyCacheTtlMs = 10_000;

function forgetKey(keyId: string) {
  for (const [hash, entry] of keyCache) if (entry.key.keyId === keyId) keyCache.delete(hash);
}

/** Resolves a bearer key to its merchant, or null for an unknown or revoked key. */
export async function authenticateApiKey(database: Database, key: string): Promise<KeyPrincipal | null> {
  if (!key.startsWith("qz_")) return null;
  const keyHash = hashToken(key);
  const now = Date.now();
  const cached = keyCache.get(keyHash);
  if (cached && cached.until > now) return cached.key;
  const [row] = await withSystem(database, (tx) =>
    tx
      .select({ merchantId: apiKeys.merchantId, keyId: apiKeys.id, name: apiKeys.name })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt))),
  );
  if (!row) {
    keyCache.delete(keyHash);
    return null;
  }
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(keyHash, { key: row, until: now + apiKeyCacheTtlMs });
  if ((lastTouched.get(row.keyId) ?? 0) < now - 60_000) {
    lastTouched.set(row.keyId, now);
    await withSystem(database, (tx) =>
      tx
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.keyHash, keyHash)),
    );
  }
  return row;
}
