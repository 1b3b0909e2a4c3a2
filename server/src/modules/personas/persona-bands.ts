/** Bands a persona counts customers in; keys are stable codes the console labels and formats. */

export const ageBands = [
  { key: "under_18", min: null, max: 17 },
  { key: "18_24", min: 18, max: 24 },
  { key: "25_34", min: 25, max: 34 },
  { key: "35_44", min: 35, max: 44 },
  { key: "45_54", min: 45, max: 54 },
  { key: "55_64", min: 55, max: 64 },
  { key: "65_plus", min: 65, max: null },
] as const;

/** Orders in the customer's lifetime (cancelled ones excluded, as in customer_metrics). */
export const orderCountBands = [
  { key: "0", min: 0, max: 0 },
  { key: "1", min: 1, max: 1 },
  { key: "2", min: 2, max: 2 },
  { key: "3_5", min: 3, max: 5 },
  { key: "6_10", min: 6, max: 10 },
  { key: "11_plus", min: 11, max: null },
] as const;

/** Net spend in 分: [min, max) so ¥100.00 exactly falls in the 100–500 band. */
export const spendBands = [
  { key: "0", min: null, max: 1 },
  { key: "0_100", min: 1, max: 10_000 },
  { key: "100_500", min: 10_000, max: 50_000 },
  { key: "500_1000", min: 50_000, max: 100_000 },
  { key: "1000_3000", min: 100_000, max: 300_000 },
  { key: "3000_10000", min: 300_000, max: 1_000_000 },
  { key: "10000_plus", min: 1_000_000, max: null },
] as const;

type Band = { key: string; min: number | null; max: number | null };

/** A SQL `case` expression text over a trusted numeric expression, from a band table (no user input). */
export function bandCaseSql(expression: string, bands: readonly Band[], inclusiveMax: boolean): string {
  const arms = bands.map((band) => {
    const conditions: string[] = [];
    if (band.min !== null) conditions.push(`${expression} >= ${band.min}`);
    if (band.max !== null) conditions.push(`${expression} ${inclusiveMax ? "<=" : "<"} ${band.max}`);
    return `when ${conditions.join(" and ") || "true"} then '${band.key}'`;
  });
  return `case ${arms.join(" ")} end`;
}
