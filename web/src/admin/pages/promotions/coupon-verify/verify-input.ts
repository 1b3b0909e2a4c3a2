// What the clerk types at the counter: the member's coupon code and the purchase amount.

const codeSymbols = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}$/;

/** Letters and digits only, upper case: members read the code in groups, clerks may type spaces or dashes. */
export const symbolsOfCode = (typed: string) => typed.replace(/[^0-9a-z]/gi, "").toUpperCase();

/** "ABCDEFGHJKMN" → "ABCD EFGH JKMN", the way the member page shows it. */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, "$1 ");

/** A whole code: 12 of the 32 symbols the shop's codes use (no 0, O, 1 or I). */
export const isCompleteCode = (symbols: string) => codeSymbols.test(symbols);

/**
 * "128", "128.5", "128.50", "¥1,280" → 分 (12800, 12850, 12850, 128000), worked out on the digits so no
 * float rounding creeps in; null for anything else (more than two decimals, zero, negative, letters).
 */
export function parseAmountToFen(typed: string): number | null {
  const text = typed.replace(/[¥,\s]/g, "");
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return fen > 0 ? fen : null;
}

/**
 * When a coupon stops working, on the shop's clock: validity ends at an exclusive instant, usually the
 * local midnight after the last day, which reads better as "12-29 23:59" than as "12-30 00:00" — the
 * same as the member page shows.
 */
export function lastValidText(validUntil: string, formatDateTime: (iso: string) => string): string {
  const end = formatDateTime(validUntil);
  return end.endsWith(" 00:00")
    ? formatDateTime(new Date(Date.parse(validUntil) - 60_000).toISOString())
    : end;
}
