// Editing the level ladder as the PUT /api/v1/loyalty/levels body, converting thresholds between
// what the screen shows (¥ on the spend basis) and what the API stores (分), and reading the
// server's complaints back onto the level and field they name. Pure, so the rules are unit-tested.
import type {
  GrowthBasis,
  LevelRewardCoupon,
  LevelSettings,
  MemberLevel,
} from "../../../../shared/api-types";

export type DraftLevel = {
  /** The saved level's id; absent for a level added on this screen. */
  id?: string;
  /** A stable key for React while levels are added and removed. */
  key: string;
  name: string;
  nameEn: string;
  /** In API units: 分 on the spend basis, points or growth points otherwise. */
  threshold: number;
  pointsMultiplierPercent: number;
  discountPercent: number;
  birthdayGiftPoints: number;
  freeGifts: string[];
  rewardPoints: number;
  rewardCoupon: LevelRewardCoupon | null;
};

export type LevelSetBody = { settings: LevelSettings; levels: Omit<DraftLevel, "key">[] };

export const defaultSettings: LevelSettings = {
  growthBasis: "spend",
  spendWeightPercent: 100,
  pointsWeightPercent: 100,
  growthWindow: "lifetime",
  downgradeSchedule: "quarterly",
  protectionDays: 90,
};

let keys = 0;
const nextKey = () => `new-${++keys}`;

export function draftsOf(levels: readonly MemberLevel[]): DraftLevel[] {
  return levels.map((l) => ({
    id: l.id,
    key: l.id,
    name: l.name,
    nameEn: l.nameEn,
    threshold: l.threshold,
    pointsMultiplierPercent: l.pointsMultiplierPercent,
    discountPercent: l.discountPercent,
    birthdayGiftPoints: l.birthdayGiftPoints,
    freeGifts: [...l.freeGifts],
    rewardPoints: l.rewardPoints,
    rewardCoupon: l.rewardCoupon,
  }));
}

const blank = (name: string, nameEn: string, threshold: number): DraftLevel => ({
  key: nextKey(),
  name,
  nameEn,
  threshold,
  pointsMultiplierPercent: 100,
  discountPercent: 0,
  birthdayGiftPoints: 0,
  freeGifts: [],
  rewardPoints: 0,
  rewardCoupon: null,
});

/** A common four-level ladder to start from, scaled to the basis (¥0 / ¥1,000 / ¥5,000 / ¥20,000 of spend). */
export function suggestedLevels(basis: GrowthBasis): DraftLevel[] {
  const steps = basis === "spend" ? [0, 100_000, 500_000, 2_000_000] : [0, 1_000, 5_000, 20_000];
  return [
    blank("普通会员", "Member", steps[0] ?? 0),
    { ...blank("银卡会员", "Silver", steps[1] ?? 0), pointsMultiplierPercent: 120, rewardPoints: 100 },
    {
      ...blank("金卡会员", "Gold", steps[2] ?? 0),
      pointsMultiplierPercent: 150,
      discountPercent: 5,
      birthdayGiftPoints: 200,
      rewardPoints: 300,
    },
    {
      ...blank("钻石会员", "Diamond", steps[3] ?? 0),
      pointsMultiplierPercent: 200,
      discountPercent: 10,
      birthdayGiftPoints: 500,
      freeGifts: ["生日礼盒"],
      rewardPoints: 1_000,
    },
  ];
}

/** A new top level above the last, its threshold doubled (or 1,000 units over an entry level alone). */
export function addLevel(
  drafts: readonly DraftLevel[],
  name: string,
  nameEn: string,
  unit: number,
): DraftLevel[] {
  const top = drafts.at(-1);
  const threshold = !top ? 0 : top.threshold === 0 ? 1_000 * unit : top.threshold * 2;
  return [...drafts, blank(name, nameEn, threshold)];
}

export function removeLevel(drafts: readonly DraftLevel[], index: number): DraftLevel[] {
  return drafts.filter((_, i) => i !== index);
}

export function updateLevel(
  drafts: readonly DraftLevel[],
  index: number,
  patch: Partial<DraftLevel>,
): DraftLevel[] {
  return drafts.map((d, i) => (i === index ? { ...d, ...patch } : d));
}

export function levelSetBody(settings: LevelSettings, drafts: readonly DraftLevel[]): LevelSetBody {
  return {
    settings,
    levels: drafts.map(({ key: _key, ...level }) => ({
      ...level,
      freeGifts: level.freeGifts.map((g) => g.trim()).filter((g) => g.length > 0),
    })),
  };
}

/** API units per unit shown: 100 分 per ¥ on the spend basis, 1 otherwise. */
export const thresholdUnit = (basis: GrowthBasis) => (basis === "spend" ? 100 : 1);

export type LevelProblems = {
  /** Per level index: field → message. */
  levels: Map<number, Partial<Record<string, string>>>;
  settings: Partial<Record<string, string>>;
  general: string[];
};

const levelPath = /^(?:body\.)?levels(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?/;
const settingsPath = /^(?:body\.)?settings\.(\w+)/;

/**
 * Where each complaint of a failed save or preview belongs: the server names a field as
 * `levels[2].threshold` (its own checks) or `body.levels.2.threshold` (request validation).
 */
export function levelProblemsOf(details: unknown, message: string): LevelProblems {
  const problems: LevelProblems = { levels: new Map(), settings: {}, general: [] };
  const d = (details ?? {}) as { field?: string; issues?: { path: string; message: string }[] };
  const entries = d.issues?.length ? d.issues : d.field ? [{ path: d.field, message }] : [];
  for (const entry of entries) {
    const level = levelPath.exec(entry.path);
    const setting = settingsPath.exec(entry.path);
    if (level) {
      const index = Number(level[1] ?? level[2]);
      const field = level[3] ?? "name";
      problems.levels.set(index, { ...problems.levels.get(index), [field]: entry.message });
    } else if (setting?.[1]) {
      problems.settings[setting[1]] = entry.message;
    } else {
      problems.general.push(entry.message);
    }
  }
  if (entries.length === 0) problems.general.push(message);
  return problems;
}
