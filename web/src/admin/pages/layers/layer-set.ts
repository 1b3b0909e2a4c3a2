// Editing the ordered layer set as the PUT /api/v1/layers body, and reading the server's complaints
// about it back onto the layer and field they name. Pure, so the rules are unit-tested.
import type { Layer, RuleIssue, RuleNode } from "../../../shared/api-types";

export type DraftLayer = {
  /** The saved layer's id; absent for a layer added on this screen. */
  id?: string;
  /** A stable key for React while layers move. */
  key: string;
  name: string;
  nameEn: string;
  /** null only on the last layer, the catch-all. */
  rule: RuleNode | null;
};

let keys = 0;
const nextKey = () => `new-${++keys}`;

export function draftsOf(layers: readonly Layer[]): DraftLayer[] {
  return layers.map((l) => ({
    id: l.id,
    key: l.id,
    name: l.name,
    nameEn: l.nameEn,
    rule: l.isDefault ? null : ((l.rule as RuleNode | null) ?? { all: [] }),
  }));
}

/** A new layer just above the catch-all, with a rule to edit. */
export function addLayer(drafts: readonly DraftLayer[], name: string, nameEn: string): DraftLayer[] {
  const layer: DraftLayer = {
    key: nextKey(),
    name,
    nameEn,
    rule: { all: [{ field: "metrics.orderCount", op: "gte", value: 1 }] },
  };
  return [...drafts.slice(0, -1), layer, ...drafts.slice(-1)];
}

/** Swaps a ruled layer with its neighbour; the catch-all stays last. */
export function moveLayer(drafts: readonly DraftLayer[], index: number, by: -1 | 1): DraftLayer[] {
  const other = index + by;
  const last = drafts.length - 1;
  if (index >= last || other < 0 || other >= last) return [...drafts];
  const next = [...drafts];
  [next[index], next[other]] = [next[other] as DraftLayer, next[index] as DraftLayer];
  return next;
}

/** Removes a ruled layer (the catch-all and the last two layers stay). */
export function removeLayer(drafts: readonly DraftLayer[], index: number): DraftLayer[] {
  if (index >= drafts.length - 1 || drafts.length <= 2) return [...drafts];
  return drafts.filter((_, i) => i !== index);
}

export function updateLayer(
  drafts: readonly DraftLayer[],
  index: number,
  patch: Partial<DraftLayer>,
): DraftLayer[] {
  return drafts.map((d, i) => (i === index ? { ...d, ...patch } : d));
}

/** The body of PUT /api/v1/layers and POST /api/v1/layers/preview. */
export function layerSetBody(drafts: readonly DraftLayer[]) {
  return {
    layers: drafts.map((d, i) => ({
      ...(d.id ? { id: d.id } : {}),
      name: d.name,
      nameEn: d.nameEn,
      ...(i === drafts.length - 1 ? {} : { rule: d.rule }),
    })),
  };
}

export type LayerProblems = {
  /** Field of a layer (name, nameEn, rule, id) → message. */
  fields: Map<number, Record<string, string>>;
  /** Issues inside a layer's rule, with paths relative to the rule (what the rule builder expects). */
  rules: Map<number, RuleIssue[]>;
  /** What names no layer. */
  general: string[];
};

// "layers[1].rule.all[0].value" (service checks) or "body.layers.1.rule.all.0.value" (request schema).
const layerPath = /^(?:body\.)?layers(?:\[(\d+)\]|\.(\d+))(?:\.([A-Za-z]+))?(?:\.(.+))?$/;

/** Sorts an error's details onto the layers and fields they name. */
export function layerProblemsOf(details: unknown, message: string): LayerProblems {
  const problems: LayerProblems = { fields: new Map(), rules: new Map(), general: [] };
  const d = (details ?? {}) as {
    field?: string;
    path?: string;
    issues?: { path: string; message: string }[];
  };
  const entries = d.issues?.length ? d.issues : d.field ? [{ path: d.field, message }] : [];
  for (const entry of entries) {
    const match = layerPath.exec(entry.path);
    if (!match) {
      problems.general.push(entry.message);
      continue;
    }
    const index = Number(match[1] ?? match[2]);
    const field = match[3] ?? "name";
    if (field === "rule") {
      const rest = (match[4] ?? "")
        .replace(/\.(\d+)(?=\.|$)/g, "[$1]")
        .replace(/^(all|any)\.(\d+)/, "$1[$2]");
      const list = problems.rules.get(index) ?? [];
      list.push({ path: rest, message: entry.message });
      problems.rules.set(index, list);
    } else {
      problems.fields.set(index, { ...problems.fields.get(index), [field]: entry.message });
    }
  }
  if (entries.length === 0) problems.general.push(message);
  return problems;
}
