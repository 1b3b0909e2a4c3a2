/**
 * Gathers the look-ups one event-loop turn asks for and answers them with one call per group, so a
 * burst of requests (a flash sale opening, a page of members) costs a few round trips instead of
 * one each. A look-up waits at most until the turn's I/O is done (setImmediate); nothing is cached.
 */
export type BatchLoader<K, V> = (group: string, key: K) => Promise<V>;

export function createBatchLoader<K, V>(
  loadMany: (group: string, keys: K[]) => Promise<Map<K, V>>,
  { missing, maxBatch = 500 }: { missing: V; maxBatch?: number },
): BatchLoader<K, V> {
  type Waiter = { key: K; resolve: (value: V) => void; reject: (error: unknown) => void };
  let pending = new Map<string, Waiter[]>();
  let scheduled = false;

  const flushGroup = async (group: string, waiters: Waiter[]) => {
    try {
      const found = await loadMany(group, [...new Set(waiters.map((w) => w.key))]);
      for (const w of waiters) w.resolve(found.has(w.key) ? found.get(w.key)! : missing);
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  };

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    for (const [group, waiters] of batch) {
      for (let i = 0; i < waiters.length; i += maxBatch)
        void flushGroup(group, waiters.slice(i, i + maxBatch));
    }
  };

  return (group, key) =>
    new Promise<V>((resolve, reject) => {
      const waiters = pending.get(group);
      if (waiters) waiters.push({ key, resolve, reject });
      else pending.set(group, [{ key, resolve, reject }]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
