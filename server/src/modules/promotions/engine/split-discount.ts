/**
 * Splits `total` over `weights` in proportion, with the largest-remainder method: every part is the floor
 * of its exact share, and the fen left over go one each to the largest remainders, ties to the earlier
 * index. Parts sum exactly to total, and no part exceeds its weight when total ≤ sum(weights).
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  if (total * sum > Number.MAX_SAFE_INTEGER) return splitWithBigInts(total, weights, sum);
  const parts = weights.map((weight) => Math.floor((total * weight) / sum));
  const remainders = weights.map((weight) => (total * weight) % sum);
  distributeLeftover(parts, remainders, total);
  return parts;
}

function splitWithBigInts(total: number, weights: readonly number[], sum: number): number[] {
  const bigTotal = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((weight) => Number((bigTotal * BigInt(weight)) / bigSum));
  // Remainders are below sum, so they fit in a number.
  const remainders = weights.map((weight) => Number((bigTotal * BigInt(weight)) % bigSum));
  distributeLeftover(parts, remainders, total);
  return parts;
}

function distributeLeftover(parts: number[], remainders: number[], total: number): void {
  let leftover = total - parts.reduce((acc, part) => acc + part, 0);
  if (leftover === 0) return;
  const order = remainders.map((_, index) => index);
  order.sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (const index of order) {
    if (leftover === 0) break;
    if (remainders[index] === 0) continue;
    parts[index]! += 1;
    leftover -= 1;
  }
}
