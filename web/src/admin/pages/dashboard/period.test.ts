import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type PeriodPreset, periodOf } from "./period";

describe("periodOf", () => {
  // 2026-11-30 20:30 UTC is already 1 December in Shanghai: presets follow the shop's calendar, not the browser's.
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-30T20:30:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it.each<[PeriodPreset, string, string, string]>([
    ["last7", "Asia/Shanghai", "2026-11-25", "2026-12-01"],
    ["last30", "Asia/Shanghai", "2026-11-02", "2026-12-01"],
    ["last90", "Asia/Shanghai", "2026-09-03", "2026-12-01"],
    ["thisMonth", "Asia/Shanghai", "2026-12-01", "2026-12-01"],
    ["last12Months", "Asia/Shanghai", "2026-01-01", "2026-12-01"],
    ["thisMonth", "America/New_York", "2026-11-01", "2026-11-30"],
    ["last7", "UTC", "2026-11-24", "2026-11-30"],
  ])("%s in %s → %s … %s", (preset, timeZone, from, to) => {
    expect(periodOf(preset, timeZone)).toEqual({ from, to });
  });
});
