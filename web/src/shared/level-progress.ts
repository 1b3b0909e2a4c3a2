// A member's way from their level to the next, shared by the console's customer card and the member card.

/** How far a growth value has come from the current level's threshold towards the next, 0–100 (100 at the top). */
export function progressPercent(growth: number, from: number, to: number | null): number {
  if (to === null || to <= from) return 100;
  return Math.max(0, Math.min(100, Math.floor(((growth - from) / (to - from)) * 100)));
}

/** A growth value as the member reads it: ¥ on the spend basis (growth is 分), a plain number otherwise. */
export function formatGrowth(growth: number, basis: string, formatMoney: (fen: number) => string): string {
  return basis === "spend" ? formatMoney(growth) : growth.toLocaleString("zh-CN");
}
