import { wallClockParts } from "../../lib/dates.js";
import type { StorePlace } from "../stores/store-places.js";
import type { RoutingStrategy, WindowPick } from "./tables.js";

/** What routing needs to know of a target; the service reads it, these rules only order. */
export type Candidate = {
  id: string;
  role: "primary" | "backup";
  windowId: string | null;
  storeId: string | null;
  position: number;
  capacity: number | null;
  assigned: number;
  /** Today's newcomers (staff with a daily limit). */
  assignedToday: number;
  dailyLimit: number | null;
  /** False when the target cannot take anyone now: disabled, staff off duty, group full or archived. */
  available: boolean;
};

export type Window = {
  id: string;
  weekdays: number[];
  startMinute: number;
  endMinute: number;
  pick: WindowPick;
};

/** Where the newcomer is: a shared location (with consent) or a chosen city. */
export type Whereabouts = { latitude: number; longitude: number } | { city: string } | null;

/**
 * The window open at `instant` in the merchant's time zone, the first in position order. A window
 * whose end is before its start runs past midnight into the next day; its weekdays name the day it starts.
 */
export function findOpenWindow(windows: Window[], instant: Date, timeZone: string): Window | null {
  const clock = wallClockParts(instant.getTime(), timeZone);
  const minute = clock.hour * 60 + clock.minute;
  const yesterday = (clock.weekday + 6) % 7;
  for (const w of windows) {
    if (w.startMinute < w.endMinute) {
      if (w.weekdays.includes(clock.weekday) && minute >= w.startMinute && minute < w.endMinute) return w;
    } else {
      if (w.weekdays.includes(clock.weekday) && minute >= w.startMinute) return w;
      if (w.weekdays.includes(yesterday) && minute < w.endMinute) return w;
    }
  }
  return null;
}

const hasRoom = (c: Candidate) =>
  c.available &&
  (c.capacity === null || c.assigned < c.capacity) &&
  (c.dailyLimit === null || c.assignedToday < c.dailyLimit);

/** Share of a target in use: of its capacity, else of today's limit, else today's count. */
function loadOf(c: Candidate): number {
  if (c.capacity !== null) return c.assigned / c.capacity;
  if (c.dailyLimit !== null) return c.assignedToday / c.dailyLimit;
  return c.assignedToday;
}

const byPosition = (a: Candidate, b: Candidate) => a.position - b.position || a.id.localeCompare(b.id);

/**
 * The order in which to try the targets of one list. Only a hint: the service still takes each
 * slot with a conditional update, so a stale count only costs one more try, never an overflow.
 */
export function orderByPick(
  list: Candidate[],
  pick: WindowPick,
  cursor: number,
  random: () => number = Math.random,
): Candidate[] {
  const open = list.filter(hasRoom).sort(byPosition);
  if (open.length === 0) return [];
  switch (pick) {
    case "fill":
      return open;
    case "round_robin": {
      const start = cursor % open.length;
      return [...open.slice(start), ...open.slice(0, start)];
    }
    case "least_loaded":
      return [...open].sort((a, b) => loadOf(a) - loadOf(b) || byPosition(a, b));
    case "random": {
      const shuffled = [...open];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as Candidate, shuffled[i] as Candidate];
      }
      return shuffled;
    }
  }
}

const earthRadiusKm = 6371;

export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.sqrt(h));
}

/**
 * Stores nearest first: by distance when the newcomer shared a location, else the chosen city's
 * stores first; stores without coordinates come after those with them.
 */
export function orderStores(stores: StorePlace[], where: Whereabouts): string[] {
  const scored = stores.map((s) => {
    let score = Number.POSITIVE_INFINITY;
    if (where && "latitude" in where && s.latitude !== null && s.longitude !== null) {
      score = distanceKm(where, { latitude: s.latitude, longitude: s.longitude });
    } else if (where && "city" in where && s.city && sameCity(s.city, where.city)) {
      score = 0;
    }
    return { id: s.id, score };
  });
  return scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id)).map((s) => s.id);
}

const sameCity = (a: string, b: string) => a.trim().replace(/市$/u, "") === b.trim().replace(/市$/u, "");

export type RoutingPlan = {
  strategy: RoutingStrategy;
  cursor: number;
  windows: Window[];
  stores: StorePlace[];
};

/**
 * Every target to try, best first: the strategy's primaries (for `schedule` the open window's own
 * list, for `store` the nearest store's targets, then the next store's), then the backups in order.
 */
export function planRoute(
  targets: Candidate[],
  plan: RoutingPlan,
  context: { now: Date; timeZone: string; where: Whereabouts; random?: () => number },
): Candidate[] {
  const primaries = targets.filter((t) => t.role === "primary");
  const backups = orderByPick(
    targets.filter((t) => t.role === "backup"),
    "fill",
    0,
  );
  let first: Candidate[];
  switch (plan.strategy) {
    case "schedule": {
      const open = findOpenWindow(plan.windows, context.now, context.timeZone);
      const list = primaries.filter((t) => t.windowId === (open?.id ?? null));
      first = orderByPick(list, open?.pick ?? "fill", plan.cursor, context.random);
      break;
    }
    case "store": {
      const order = orderStores(plan.stores, context.where);
      const rank = new Map(order.map((id, i) => [id, i]));
      const rankOf = (t: Candidate) =>
        t.storeId === null ? order.length : (rank.get(t.storeId) ?? order.length);
      first = orderByPick(primaries, "fill", 0).sort((a, b) => rankOf(a) - rankOf(b) || byPosition(a, b));
      break;
    }
    default:
      first = orderByPick(
        primaries.filter((t) => t.windowId === null),
        plan.strategy,
        plan.cursor,
        context.random,
      );
  }
  return [...first, ...backups];
}
