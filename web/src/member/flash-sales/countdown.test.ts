import { describe, expect, it } from "vitest";
import { clockOffset, countdownTo, formatCountdown } from "./countdown";

describe("flash sale countdown", () => {
  const start = Date.parse("2026-12-12T02:00:00Z");

  it("counts whole seconds up, so it reaches 00:00:00 exactly at the start", () => {
    expect(formatCountdown(countdownTo(start, start - 1), "天")).toBe("00:00:01");
    expect(countdownTo(start, start)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0, done: true });
    expect(countdownTo(start, start + 5000).done).toBe(true);
  });

  it("shows days only when there are any", () => {
    const c = countdownTo(start, start - (3 * 86_400 + 2 * 3600 + 5 * 60 + 9) * 1000);
    expect(formatCountdown(c, "天")).toBe("3天 02:05:09");
    expect(formatCountdown(c, "d")).toBe("3d 02:05:09");
    expect(formatCountdown(countdownTo(start, start - 59 * 60_000), "d")).toBe("00:59:00");
  });

  it("corrects for a device clock that is off", () => {
    const received = Date.parse("2026-12-12T01:59:00Z");
    expect(clockOffset("2026-12-12T02:00:00.000Z", received)).toBe(60_000);
  });
});
