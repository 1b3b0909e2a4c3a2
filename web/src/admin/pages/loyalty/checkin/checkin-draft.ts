// The check-in settings as the screen edits them (one row per day of the cycle) and as the PUT
// /api/v1/loyalty/checkin/settings body, plus the server's complaints put back on the day and field
// they name. Pure, so the rules are unit-tested.
import type { CheckinAfterCycle, CheckinMakeupRules, CheckinSettings } from "../../../../shared/api-types";

export type DayDraft = { day: number; points: number; couponTemplateId: string; couponQuantity: number };

export type CheckinDraft = {
  enabled: boolean;
  cycleDays: number;
  afterCycle: CheckinAfterCycle;
  days: DayDraft[];
  makeup: CheckinMakeupRules;
};

export type CheckinSettingsBody = Omit<CheckinSettings, "updatedAt">;

const emptyDay = (day: number): DayDraft => ({ day, points: 0, couponTemplateId: "", couponQuantity: 1 });

export function draftOf(settings: CheckinSettings): CheckinDraft {
  const byDay = new Map(settings.rewards.map((r) => [r.day, r]));
  return {
    enabled: settings.enabled,
    cycleDays: settings.cycleDays,
    afterCycle: settings.afterCycle,
    makeup: { ...settings.makeup },
    days: Array.from({ length: settings.cycleDays }, (_, i) => {
      const reward = byDay.get(i + 1);
      return reward
        ? {
            day: i + 1,
            points: reward.points,
            couponTemplateId: reward.coupon?.templateId ?? "",
            couponQuantity: reward.coupon?.quantity ?? 1,
          }
        : emptyDay(i + 1);
    }),
  };
}

/** A longer cycle adds days that earn nothing yet; a shorter one drops the days past its end. */
export function resizeCycle(draft: CheckinDraft, cycleDays: number): CheckinDraft {
  const days = Array.from({ length: cycleDays }, (_, i) => draft.days[i] ?? emptyDay(i + 1));
  return { ...draft, cycleDays, days };
}

export function updateDay(draft: CheckinDraft, day: number, patch: Partial<DayDraft>): CheckinDraft {
  return { ...draft, days: draft.days.map((d) => (d.day === day ? { ...d, ...patch } : d)) };
}

/** Days that earn nothing (no points, no coupon) are left out of the schedule. */
export function settingsBody(draft: CheckinDraft): CheckinSettingsBody {
  const rewards = draft.days
    .filter((d) => d.points > 0 || d.couponTemplateId.trim() !== "")
    .map((d) => ({
      day: d.day,
      points: d.points,
      coupon: d.couponTemplateId.trim()
        ? { templateId: d.couponTemplateId.trim(), quantity: d.couponQuantity }
        : null,
    }));
  return {
    enabled: draft.enabled,
    cycleDays: draft.cycleDays,
    afterCycle: draft.afterCycle,
    rewards,
    makeup: { ...draft.makeup },
  };
}

/** Points one full cycle of daily check-ins earns. */
export function cyclePoints(draft: CheckinDraft): number {
  return draft.days.reduce((sum, d) => sum + d.points, 0);
}

export type CheckinProblems = {
  /** By schedule day. */
  days: Map<number, string>;
  /** By field: cycleDays, afterCycle, makeup.costPoints … */
  fields: Record<string, string>;
  general: string[];
};

/**
 * Reads `details.issues` (paths such as body.rewards.2.points) back onto the day and field they
 * name; `sent` is the body that was sent, whose rewards list skips days that earn nothing.
 */
export function checkinProblemsOf(
  details: unknown,
  message: string,
  sent: CheckinSettingsBody,
): CheckinProblems {
  const problems: CheckinProblems = { days: new Map(), fields: {}, general: [] };
  const issues = ((details ?? {}) as { issues?: { path: string; message: string }[] }).issues ?? [];
  for (const issue of issues) {
    const path = issue.path.replace(/^body\.?/, "");
    const reward = /^rewards\.(\d+)/.exec(path);
    const day = reward ? sent.rewards[Number(reward[1])]?.day : undefined;
    if (day !== undefined) problems.days.set(day, issue.message);
    else if (path) problems.fields[path] = issue.message;
    else problems.general.push(issue.message);
  }
  if (issues.length === 0) problems.general.push(message);
  return problems;
}
