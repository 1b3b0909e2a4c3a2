/** True for PostgreSQL's deadlock_detected (40P01) or serialization_failure (40001), however wrapped. */
function isRetryable(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "40P01" || e.code === "40001") return true;
  }
  return false;
}

/**
 * Runs a whole transaction again when PostgreSQL broke a deadlock by aborting it. (Example: checkout locks coupons
 * before templates and issuing the other way round; the two meet only on the same coupon in the same
 * instant.) The aborted side simply runs again: nothing of it was committed.
 */
export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}
