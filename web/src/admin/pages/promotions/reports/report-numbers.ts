// How the report's ratios read on screen (money goes through the shared money formatter).

/** GMV per yuan of discount: 19 → "19.00"; none when nothing was discounted. */
export function formatRoi(roi: number | null): string {
  return roi === null
    ? "—"
    : roi.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Table order for counts and ratios that may be absent: absent sorts below zero. */
export function compareNullable(a: number | null, b: number | null): number {
  return (a ?? -1) - (b ?? -1);
}
