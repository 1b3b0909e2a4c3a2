import { wallClockParts, wallTimeToInstant } from "../../lib/dates.js";

export const holdReasons = ["quiet_hours", "daily_cap", "weekly_cap", "community_daily_cap"] as const;
export type HoldReason = (typeof holdReasons)[number];

/** The guard's rules for one shop; caps null = no cap of that kind. */
export type GuardSettings = {
  guardEnabled: boolean;
  dailyCap: number | null;
  weeklyCap: number | null;
  /** Minutes after local midnight; start = end means none; start > end spans midnight. */
  quietHours: { start: number; end: number } | null;
  communityDailyCap: number | null;
};

export type GuardText = { "zh-CN": string; en: string };

export type GuardDecision =
  | { action: "send"; at: Date }
  | { action: "hold"; until: Date; reason: HoldReason; text: GuardText };

/** Local midnight starting the day that contains `instant`. */
export function startOfLocalDay(instant: number, timeZone: string): number {
  const p = wallClockParts(instant, timeZone);
  return wallTimeToInstant(Date.UTC(p.year, p.month - 1, p.day), timeZone);
}

/** Local midnight starting the next day. */
export function startOfNextLocalDay(instant: number, timeZone: string): number {
  const p = wallClockParts(instant, timeZone);
  return wallTimeToInstant(Date.UTC(p.year, p.month - 1, p.day + 1), timeZone);
}

/** Local midnight of the Monday starting the week (weeks run Monday to Sunday, as in China). */
export function startOfLocalWeek(instant: number, timeZone: string): number {
  const p = wallClockParts(instant, timeZone);
  const back = (p.weekday + 6) % 7;
  return wallTimeToInstant(Date.UTC(p.year, p.month - 1, p.day - back), timeZone);
}

export function startOfNextLocalWeek(instant: number, timeZone: string): number {
  const p = wallClockParts(instant, timeZone);
  const ahead = 7 - ((p.weekday + 6) % 7);
  return wallTimeToInstant(Date.UTC(p.year, p.month - 1, p.day + ahead), timeZone);
}

/** When the quiet hours around `instant` end, or null when `instant` is outside them. */
export function quietHoursEnd(
  instant: number,
  timeZone: string,
  quiet: GuardSettings["quietHours"],
): number | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const p = wallClockParts(instant, timeZone);
  const m = p.hour * 60 + p.minute;
  const spansMidnight = quiet.start > quiet.end;
  const inside = spansMidnight ? m >= quiet.start || m < quiet.end : m >= quiet.start && m < quiet.end;
  if (!inside) return null;
  // Inside the evening part of a span over midnight, the quiet ends tomorrow.
  const dayOffset = spansMidnight && m >= quiet.start ? 1 : 0;
  return wallTimeToInstant(
    Date.UTC(p.year, p.month - 1, p.day + dayOffset, Math.floor(quiet.end / 60), quiet.end % 60),
    timeZone,
  );
}

/** How many of the sorted slots fall in [from, to): two binary searches, as a backlog can be long. */
function countIn(sorted: readonly number[], from: number, to: number): number {
  return firstAtOrAfter(sorted, to) - firstAtOrAfter(sorted, from);
}

function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Steps the search may take: about ten years of days, far past any real backlog. */
const maxRounds = 4000;

/** Thrown when no allowed time exists within maxRounds steps (a backlog of years). */
export class NoAllowedTimeError extends Error {}

/**
 * Decides whether a promotional message to one customer may go at `now`, or else the earliest
 * time it may, given the slots (delivery or due times) of that customer's other promotional
 * messages. Service messages are never held. The reason is the first rule that stops it now.
 */
export function decideMessage(input: {
  settings: GuardSettings;
  timeZone: string;
  category: "promotional" | "service";
  slots: readonly Date[];
  now: Date;
}): GuardDecision {
  const { settings, timeZone } = input;
  if (input.category === "service" || !settings.guardEnabled) return { action: "send", at: input.now };
  const slots = input.slots.map((d) => d.getTime()).sort((a, b) => a - b);
  let reason: HoldReason | null = null;
  let t = input.now.getTime();
  // Each step moves t forward to where one rule stops blocking; a few rounds settle all of them.
  for (let round = 0; round < maxRounds; round++) {
    const blocker = firstBlock(t, slots, settings, timeZone);
    if (!blocker) {
      if (!reason) return { action: "send", at: input.now };
      return { action: "hold", until: new Date(t), reason, text: holdText(reason, new Date(t), timeZone) };
    }
    reason ??= blocker.reason;
    t = blocker.next;
  }
  throw new NoAllowedTimeError("No allowed time for this message within ten years");
}

function firstBlock(
  t: number,
  slots: readonly number[],
  settings: GuardSettings,
  timeZone: string,
): { reason: HoldReason; next: number } | null {
  const quietEnd = quietHoursEnd(t, timeZone, settings.quietHours);
  if (quietEnd !== null) return { reason: "quiet_hours", next: quietEnd };
  if (settings.dailyCap !== null) {
    const from = startOfLocalDay(t, timeZone);
    const to = startOfNextLocalDay(t, timeZone);
    if (countIn(slots, from, to) >= settings.dailyCap) return { reason: "daily_cap", next: to };
  }
  if (settings.weeklyCap !== null) {
    const from = startOfLocalWeek(t, timeZone);
    const to = startOfNextLocalWeek(t, timeZone);
    if (countIn(slots, from, to) >= settings.weeklyCap) return { reason: "weekly_cap", next: to };
  }
  return null;
}

/**
 * Decides a post into a community: quiet hours hold every post, the daily cap counts
 * promotional posts already let through on that local day.
 */
export function decideCommunityPost(input: {
  settings: GuardSettings;
  timeZone: string;
  promotional: boolean;
  postsThatDay: (at: number) => number;
  at: Date;
}): GuardDecision {
  const { settings, timeZone } = input;
  if (!settings.guardEnabled) return { action: "send", at: input.at };
  let reason: HoldReason | null = null;
  let t = input.at.getTime();
  for (let round = 0; round < maxRounds; round++) {
    let next: number | null = null;
    const quietEnd = quietHoursEnd(t, timeZone, settings.quietHours);
    if (quietEnd !== null) {
      reason ??= "quiet_hours";
      next = quietEnd;
    } else if (
      input.promotional &&
      settings.communityDailyCap !== null &&
      input.postsThatDay(t) >= settings.communityDailyCap
    ) {
      reason ??= "community_daily_cap";
      next = startOfNextLocalDay(t, timeZone);
    }
    if (next === null) {
      if (!reason) return { action: "send", at: input.at };
      return { action: "hold", until: new Date(t), reason, text: holdText(reason, new Date(t), timeZone) };
    }
    t = next;
  }
  throw new NoAllowedTimeError("No allowed time for this message within ten years");
}

/** Local wall time as "YYYY-MM-DD HH:mm" in the shop's zone. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = wallClockParts(instant.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

const reasonText: Record<HoldReason, GuardText> = {
  quiet_hours: { "zh-CN": "免打扰时段", en: "quiet hours" },
  daily_cap: { "zh-CN": "已达每日营销消息上限", en: "the daily cap on promotional messages is reached" },
  weekly_cap: { "zh-CN": "已达每周营销消息上限", en: "the weekly cap on promotional messages is reached" },
  community_daily_cap: {
    "zh-CN": "已达社群每日营销推送上限",
    en: "the community's daily cap on promotional posts is reached",
  },
};

export function holdText(reason: HoldReason, until: Date, timeZone: string): GuardText {
  const at = formatLocal(until, timeZone);
  return {
    "zh-CN": `${reasonText[reason]["zh-CN"]}，将于 ${at} 发送`,
    en: `Held: ${reasonText[reason].en}; goes at ${at}`,
  };
}
