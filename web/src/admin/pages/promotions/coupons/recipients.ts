// Pasted recipients for a manual issue: customer ids and phone numbers, one per line or comma-separated.

export type Recipients = { customerIds: string[]; phones: string[]; invalid: string[] };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Mainland mobile numbers, optionally with +86; other forms are left for the server to reject.
const phone = /^(?:\+?86)?1\d{10}$/;

/** Splits pasted text into ids and phones (each once, in order) and what is neither. */
export function parseRecipients(text: string): Recipients {
  const seen = new Set<string>();
  const result: Recipients = { customerIds: [], phones: [], invalid: [] };
  for (const raw of text.split(/[\s,，;；]+/)) {
    const token = raw.trim();
    if (!token) continue;
    const compact = token.replace(/[-\s]/g, "");
    const key = uuid.test(token) ? token.toLowerCase() : compact;
    if (seen.has(key)) continue;
    seen.add(key);
    if (uuid.test(token)) result.customerIds.push(key);
    else if (phone.test(compact)) result.phones.push(compact.replace(/^\+?86(?=1\d{10}$)/, ""));
    else result.invalid.push(token);
  }
  return result;
}

/** Splits a list into chunks of at most `size` (the manual issue API takes 100 customers a call). */
export function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
