/**
 * Group commit: the requests of one group (one flash sale, one live code) that arrive in the same
 * event-loop turn, or while the group's last batch is being decided, wait here and are decided
 * together in the next batch, in arrival order (a lone request waits one turn, setImmediate). A
 * burst then costs a few transactions instead of one each queued on the same row lock. Requests
 * of one group must agree on whatever `decide` reads from the first of them (the database, the
 * shop); the group key carries that. Each process batches its own requests, so `decide` still
 * locks what it changes.
 */
export type GroupCommit<Q, A> = (group: string, request: Q) => Promise<A>;

export function createGroupCommit<Q, A>(
  decide: (requests: Q[]) => Promise<A[]>,
  { maxBatch }: { maxBatch: number },
): GroupCommit<Q, A> {
  type Waiting = { request: Q; resolve: (answer: A) => void; reject: (error: unknown) => void };
  const queues = new Map<string, Waiting[]>();

  const drain = async (group: string, queue: Waiting[]) => {
    // A burst's requests arrive in the same turn's I/O callbacks: gather them into the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const answers = await decide(batch.map((w) => w.request));
        for (const [i, w] of batch.entries()) w.resolve(answers[i] as A);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    queues.delete(group);
  };

  return (group, request) =>
    new Promise<A>((resolve, reject) => {
      const queue = queues.get(group);
      if (queue) {
        queue.push({ request, resolve, reject });
        return;
      }
      const started: Waiting[] = [{ request, resolve, reject }];
      queues.set(group, started);
      void drain(group, started);
    });
}
