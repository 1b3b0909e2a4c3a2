/**
 * Remembers what `load` answered for a key for `ttlMs`, in process: for look-ups read on every
 * request whose answers change rarely (a short link's target, a live code's shop). A full memo
 * starts over rather than tracking recency, since entries are cheap to load again.
 */
export type TtlMemo<K, V> = { get(key: K): Promise<V>; forget(key: K): void };

export function createTtlMemo<K, V>(
  load: (key: K) => Promise<V>,
  {
    ttlMs,
    maxEntries = 50_000,
    clock = Date.now,
  }: { ttlMs: number; maxEntries?: number; clock?: () => number },
): TtlMemo<K, V> {
  const entries = new Map<K, { value: V; until: number }>();
  return {
    async get(key) {
      const hit = entries.get(key);
      if (hit && hit.until > clock()) return hit.value;
      const value = await load(key);
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { value, until: clock() + ttlMs });
      return value;
    },
    forget(key) {
      entries.delete(key);
    },
  };
}
