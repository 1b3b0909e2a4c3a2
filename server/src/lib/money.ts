/**
 * Converts a decimal amount in yuan as people type it ("12.5", "¥1,234.50", "-3") into integer 分
 * with string arithmetic, so no float rounding can creep in. Returns null for anything else,
 * including more than two decimals (which would need rounding the shop never agreed to).
 */
export function parseYuanToFen(input: string): number | null {
  const cleaned = input
    .trim()
    .replace(/^(-?)\s*[¥￥]\s*/u, "$1")
    .replace(/^[¥￥]\s*(-)/u, "$1")
    .replace(/(?<=\d),(?=\d{3}(\D|$))/g, "")
    .replace(/\s*(元|RMB|CNY)$/iu, "");
  const match = /^([+-]?)(\d+)(?:\.(\d{0,2}))?$|^([+-]?)\.(\d{1,2})$/.exec(cleaned);
  if (!match) return null;
  const sign = (match[1] ?? match[4]) === "-" ? -1 : 1;
  const whole = match[2] ?? "0";
  const fraction = (match[3] ?? match[5] ?? "").padEnd(2, "0");
  if (whole.length > 13) return null;
  const fen = Number(whole) * 100 + Number(fraction);
  return sign * fen || 0;
}

/** 1234 → "12.34": for messages and CSV exports, never for arithmetic. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
