// The layer flow report as a matrix and a Sankey chart; pure so the numbers shown are tested.
import type { LayerFlow } from "../../../shared/api-types";

/** A row or column of the matrix: a layer id, or null for "in no layer". */
export type FlowKey = string | null;

export type FlowMatrix = {
  rows: FlowKey[];
  columns: FlowKey[];
  count: (from: FlowKey, to: FlowKey) => number;
  rowTotal: (from: FlowKey) => number;
  columnTotal: (to: FlowKey) => number;
  total: number;
};

/** Layers in report order (top to bottom, removed ones after), then "no layer" where anyone was. */
export function flowMatrix(flow: LayerFlow): FlowMatrix {
  const cells = new Map(flow.matrix.map((c) => [`${c.fromLayerId}|${c.toLayerId}`, c.count]));
  const ids = flow.layers.map((l) => l.id as FlowKey);
  const used = (pick: (c: LayerFlow["matrix"][number]) => FlowKey) =>
    [...ids, null].filter((id) => id !== null || flow.matrix.some((c) => pick(c) === null && c.count > 0));
  const rows = used((c) => c.fromLayerId);
  const columns = used((c) => c.toLayerId);
  const count = (from: FlowKey, to: FlowKey) => cells.get(`${from}|${to}`) ?? 0;
  return {
    rows,
    columns,
    count,
    rowTotal: (from) => columns.reduce((n, to) => n + count(from, to), 0),
    columnTotal: (to) => rows.reduce((n, from) => n + count(from, to), 0),
    total: flow.matrix.reduce((n, c) => n + c.count, 0),
  };
}

/**
 * ECharts Sankey data: the layers at `from` on the left, at `to` on the right. Node names must be
 * unique, so the right-hand copy of a name ends in a zero-width space (it looks the same).
 */
export function sankeyData(flow: LayerFlow, nameOf: (key: FlowKey) => string) {
  const left = (key: FlowKey) => nameOf(key);
  const right = (key: FlowKey) => `${nameOf(key)}\u200b`;
  const links = flow.matrix
    .filter((c) => c.count > 0)
    .map((c) => ({ source: left(c.fromLayerId), target: right(c.toLayerId), value: c.count }));
  const names = new Set(links.flatMap((l) => [l.source, l.target]));
  return { nodes: [...names].map((name) => ({ name })), links };
}

/** The matrix as CSV rows: one per from-layer, a column per to-layer, totals last. */
export function flowCsv(matrix: FlowMatrix, nameOf: (key: FlowKey) => string, totalLabel: string) {
  const header = ["", ...matrix.columns.map(nameOf), totalLabel];
  const rows = matrix.rows.map((from) => [
    nameOf(from),
    ...matrix.columns.map((to) => matrix.count(from, to)),
    matrix.rowTotal(from),
  ]);
  rows.push([totalLabel, ...matrix.columns.map((to) => matrix.columnTotal(to)), matrix.total]);
  return { header, rows };
}
