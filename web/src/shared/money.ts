// Money travels as integer 分 (minor units); formatting works on the integer, never on a float of yuan.

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

/** 0.3456 → "34.6%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
