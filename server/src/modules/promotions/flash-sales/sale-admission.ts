// A short-lived note, per process, of the units a flash sale has left: it turns late buyers away.

/**
 * A per-process note of sales seen with too little stock left, so a burst's late buyers are turned
 * away without a transaction each. It only ever refuses (a sale is always decided by the
 * conditional update in the database), and a note older than `hintTtlMs` is ignored, so a unit
 * released by another process or the expiry job is offered again within that time. Safe with
 * several server processes: each keeps its own notes, none of them can sell.
 */
export const hintTtlMs = 250;

const notes = new Map<string, { left: number; at: number }>();

const keyOf = (merchantId: string, saleId: string) => `${merchantId}/${saleId}`;

/** Notes what a read or a purchase just saw left. */
export function noteUnitsLeft(merchantId: string, saleId: string, left: number, at = Date.now()): void {
  if (notes.size > 10_000) notes.clear();
  notes.set(keyOf(merchantId, saleId), { left, at });
}

/** Units left as last seen here within the TTL, or null when nothing fresh is known. */
export function recentUnitsLeft(merchantId: string, saleId: string, at = Date.now()): number | null {
  const note = notes.get(keyOf(merchantId, saleId));
  if (!note || at - note.at > hintTtlMs) return null;
  return note.left;
}

/** Units went back (a cancel or a release here): forget the note rather than wait for it to age. */
export function forgetUnitsLeft(merchantId: string, saleId: string): void {
  notes.delete(keyOf(merchantId, saleId));
}
