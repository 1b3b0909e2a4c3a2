// Money travels as integer 分 (minor units); these turn it into text and back without floating-point error.

const symbols: Record<string, string> = {
  CNY: "¥",
  HKD: "HK$",
  TWD: "NT$",
  USD: "$",
  EUR: "€",
  JPY: "¥",
  SGD: "S$",
};

/** 1250 → "¥12.50"; -99 → "-¥0.99". */
export function formatMoney(fen: number, currency = "CNY"): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  const major = Math.floor(abs / 100).toLocaleString("en-US");
  const minor = String(abs % 100).padStart(2, "0");
  return `${sign}${symbols[currency] ?? `${currency} `}${major}.${minor}`;
}

/** "12.5" → 1250; returns null for anything that is not a plain amount with at most two decimals. */
export function parseMoney(text: string): number | null {
  const match = /^\s*(-)?(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -fen : fen;
}

/** 0.3456 → "34.6%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
