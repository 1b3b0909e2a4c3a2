import type { LiveCode, LiveCodeInput, RoutingStrategy, WindowPick } from "./live-codes-api";

/** The editor's fields: yuan for the cost, "HH:mm" for window times; targets point at windows by key. */
export type LiveCodeFormValues = {
  name: string;
  kind: LiveCode["kind"];
  strategy: RoutingStrategy;
  costYuan: number | null;
  welcomeMessage: string;
  welcomePoints: number | null;
  warnPercent: number;
  windows: { key: string; id?: string; weekdays: number[]; start: string; end: string; pick: WindowPick }[];
  targets: {
    id?: string;
    kind: "community" | "staff";
    refId: string | null;
    role: "primary" | "backup";
    windowKey: string | null;
    storeId: string | null;
    capacity: number | null;
    dailyLimit: number | null;
  }[];
};

const pad = (n: number) => String(n).padStart(2, "0");
export const minuteToTime = (minute: number) => `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;

export function timeToMinute(time: string, isEnd: boolean): number {
  const [h = "0", m = "0"] = time.split(":");
  const minute = Number(h) * 60 + Number(m);
  // "00:00" as an end means midnight at the end of the day.
  return isEnd && minute === 0 ? 1440 : minute;
}

export const emptyForm: LiveCodeFormValues = {
  name: "",
  kind: "store",
  strategy: "fill",
  costYuan: 0,
  welcomeMessage: "",
  welcomePoints: null,
  warnPercent: 90,
  windows: [],
  targets: [
    {
      kind: "community",
      refId: null,
      role: "primary",
      windowKey: null,
      storeId: null,
      capacity: null,
      dailyLimit: null,
    },
  ],
};

export function formOf(code: LiveCode): LiveCodeFormValues {
  const keyOf = new Map(code.windows.map((w, i) => [w.id, `W${i + 1}`]));
  return {
    name: code.name,
    kind: code.kind,
    strategy: code.strategy,
    costYuan: code.cost / 100,
    welcomeMessage: code.welcomeMessage,
    welcomePoints: code.welcomePoints,
    warnPercent: code.warnPercent,
    windows: code.windows.map((w, i) => ({
      key: `W${i + 1}`,
      id: w.id,
      weekdays: w.weekdays,
      start: minuteToTime(w.startMinute),
      end: minuteToTime(w.endMinute),
      pick: w.pick,
    })),
    targets: code.targets.map((t) => ({
      id: t.id,
      kind: t.kind,
      refId: t.communityId ?? t.staffId,
      role: t.role,
      windowKey: t.windowId ? (keyOf.get(t.windowId) ?? null) : null,
      storeId: t.storeId,
      capacity: t.capacity,
      dailyLimit: t.dailyLimit,
    })),
  };
}

export function inputOf(values: LiveCodeFormValues, tagIds: string[] = []): LiveCodeInput {
  return {
    name: values.name.trim(),
    kind: values.kind,
    strategy: values.strategy,
    cost: Math.round((values.costYuan ?? 0) * 100),
    tagIds,
    welcomeMessage: values.welcomeMessage ?? "",
    welcomePoints: values.welcomePoints || null,
    warnPercent: values.warnPercent,
    windows: (values.windows ?? []).map((w) => ({
      key: w.key,
      ...(w.id ? { id: w.id } : {}),
      weekdays: w.weekdays,
      startMinute: timeToMinute(w.start, false),
      endMinute: timeToMinute(w.end, true),
      pick: w.pick,
    })),
    targets: values.targets.map((t) => ({
      ...(t.id ? { id: t.id } : {}),
      kind: t.kind,
      communityId: t.kind === "community" ? t.refId : null,
      staffId: t.kind === "staff" ? t.refId : null,
      role: t.role,
      windowKey: values.strategy === "schedule" ? t.windowKey || null : null,
      storeId: t.storeId || null,
      ...(t.capacity ? { capacity: t.capacity } : t.id || t.kind === "staff" ? { capacity: null } : {}),
      dailyLimit: t.dailyLimit || null,
      enabled: true,
    })),
  };
}
