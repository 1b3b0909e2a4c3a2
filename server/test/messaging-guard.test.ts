import { describe, expect, it } from "vitest";
import {
  decideCommunityPost,
  decideMessage,
  type GuardSettings,
  startOfLocalWeek,
  startOfNextLocalDay,
} from "../src/modules/messaging/guard-rules.js";
import { defaultGuardSettings } from "../src/modules/messaging/message-settings.js";

const utc = (iso: string) => new Date(iso);
const noQuiet: GuardSettings = { ...defaultGuardSettings, quietHours: null };
const promo = (settings: GuardSettings, timeZone: string, now: string, slots: string[] = []) =>
  decideMessage({ settings, timeZone, category: "promotional", slots: slots.map(utc), now: utc(now) });

describe("over-marketing guard (pure)", () => {
  it("holds in quiet hours spanning midnight (21:00–09:00 Shanghai) until 09:00 local, and sends at the edges", () => {
    const tz = "Asia/Shanghai";
    const s = defaultGuardSettings;
    expect(promo(s, tz, "2026-12-01T12:59:59Z")).toMatchObject({ action: "send" }); // 20:59:59
    expect(promo(s, tz, "2026-12-01T13:00:00Z")).toMatchObject({
      action: "hold",
      reason: "quiet_hours",
      until: utc("2026-12-02T01:00:00Z"), // next day 09:00
    });
    expect(promo(s, tz, "2026-12-01T16:30:00Z")).toMatchObject({ until: utc("2026-12-02T01:00:00Z") }); // 00:30
    expect(promo(s, tz, "2026-12-02T00:59:00Z")).toMatchObject({ until: utc("2026-12-02T01:00:00Z") }); // 08:59
    expect(promo(s, tz, "2026-12-02T01:00:00Z")).toMatchObject({ action: "send" }); // 09:00
  });

  it("holds quiet hours within one day (12:00–14:00) only inside them", () => {
    const s = { ...defaultGuardSettings, quietHours: { start: 12 * 60, end: 14 * 60 } };
    expect(promo(s, "UTC", "2026-12-01T11:59:00Z").action).toBe("send");
    expect(promo(s, "UTC", "2026-12-01T12:00:00Z")).toMatchObject({ until: utc("2026-12-01T14:00:00Z") });
    expect(promo(s, "UTC", "2026-12-01T23:00:00Z").action).toBe("send");
    expect(promo({ ...s, quietHours: { start: 600, end: 600 } }, "UTC", "2026-12-01T10:00:00Z").action).toBe(
      "send",
    );
  });

  it("counts the daily cap by the shop's local day (+08:00) and holds until local midnight", () => {
    const tz = "Asia/Shanghai";
    // Two sent on Dec 1 local (00:10 and 10:00 local); Nov 30 23:50 local does not count on Dec 1.
    const slots = ["2026-11-30T16:10:00Z", "2026-12-01T02:00:00Z"];
    expect(promo(noQuiet, tz, "2026-12-01T15:00:00Z", slots)).toMatchObject({
      action: "hold",
      reason: "daily_cap",
      until: utc("2026-12-01T16:00:00Z"),
    });
    expect(promo(noQuiet, tz, "2026-12-01T15:00:00Z", ["2026-11-30T15:50:00Z", slots[1]!]).action).toBe(
      "send",
    );
    // With quiet hours, local midnight is quiet: the next allowed time is 09:00.
    expect(promo(defaultGuardSettings, tz, "2026-12-01T05:00:00Z", slots)).toMatchObject({
      reason: "daily_cap",
      until: utc("2026-12-02T01:00:00Z"),
    });
  });

  it("handles the +14:00 zone (Kiritimati): the local day starts at 10:00 UTC the day before", () => {
    const tz = "Pacific/Kiritimati";
    const yesterday = ["2026-12-01T09:58:00Z", "2026-12-01T09:59:00Z"]; // Dec 1 23:58/23:59 local
    expect(promo(noQuiet, tz, "2026-12-01T10:00:00Z", yesterday).action).toBe("send"); // Dec 2 00:00 local
    expect(promo(noQuiet, tz, "2026-12-01T09:59:30Z", yesterday)).toMatchObject({
      reason: "daily_cap",
      until: utc("2026-12-01T10:00:00Z"),
    });
    expect(startOfNextLocalDay(Date.parse("2026-12-01T09:59:30Z"), tz)).toBe(
      Date.parse("2026-12-01T10:00:00Z"),
    );
    // Quiet 21:00–09:00 local = 07:00–19:00 UTC.
    expect(promo(defaultGuardSettings, tz, "2026-12-01T07:00:00Z")).toMatchObject({
      reason: "quiet_hours",
      until: utc("2026-12-01T19:00:00Z"),
    });
  });

  it("handles the -11:00 zone (Pago Pago): caps roll over at 11:00 UTC", () => {
    const tz = "Pacific/Pago_Pago";
    const today = ["2026-12-01T11:00:00Z", "2026-12-02T10:59:00Z"]; // Dec 1 00:00 and 23:59 local
    expect(promo(noQuiet, tz, "2026-12-02T10:59:30Z", today)).toMatchObject({
      reason: "daily_cap",
      until: utc("2026-12-02T11:00:00Z"),
    });
    expect(promo(noQuiet, tz, "2026-12-02T11:00:00Z", today).action).toBe("send");
  });

  it("counts the weekly cap Monday to Sunday local and holds until Monday 00:00", () => {
    const tz = "Asia/Shanghai";
    // Mon Nov 30 … Fri Dec 4 2026, one a day at 12:00 local.
    const week = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"].map(
      (d) => `${d}T04:00:00Z`,
    );
    expect(startOfLocalWeek(Date.parse("2026-12-06T15:00:00Z"), tz)).toBe(Date.parse("2026-11-29T16:00:00Z"));
    expect(promo(noQuiet, tz, "2026-12-06T15:00:00Z", week)).toMatchObject({
      action: "hold",
      reason: "weekly_cap",
      until: utc("2026-12-06T16:00:00Z"), // Mon Dec 7 00:00 local
    });
    // Sunday Nov 29 local is last week: it does not count.
    const lastWeek = ["2026-11-29T04:00:00Z", ...week.slice(1)];
    expect(promo(noQuiet, tz, "2026-12-06T15:00:00Z", lastWeek).action).toBe("send");
  });

  it("counts held messages' future slots, so a second hold goes to the next free day", () => {
    const tz = "Asia/Shanghai";
    const heldForTomorrow = ["2026-12-02T01:00:00Z", "2026-12-02T01:00:00Z"];
    expect(promo(defaultGuardSettings, tz, "2026-12-01T14:00:00Z", heldForTomorrow)).toMatchObject({
      reason: "quiet_hours",
      until: utc("2026-12-03T01:00:00Z"),
    });
  });

  it("keeps days right across a daylight-saving change (New York, Nov 1 2026 is 25 hours long)", () => {
    const tz = "America/New_York";
    const slots = ["2026-11-01T04:30:00Z", "2026-11-01T12:00:00Z"]; // 00:30 EDT and 07:00 EST
    expect(promo(noQuiet, tz, "2026-11-02T04:59:00Z", slots)).toMatchObject({
      reason: "daily_cap",
      until: utc("2026-11-02T05:00:00Z"),
    });
  });

  it("never holds service messages, nor anything when the guard is off", () => {
    const slots = Array(9).fill("2026-12-01T02:00:00Z");
    const quietAndCapped = {
      now: utc("2026-12-01T15:00:00Z"),
      timeZone: "Asia/Shanghai",
      slots: slots.map(utc),
    };
    expect(
      decideMessage({ ...quietAndCapped, settings: defaultGuardSettings, category: "service" }).action,
    ).toBe("send");
    const off = { ...defaultGuardSettings, guardEnabled: false };
    expect(decideMessage({ ...quietAndCapped, settings: off, category: "promotional" }).action).toBe("send");
  });

  it("explains a hold in Chinese and English with the local time", () => {
    const decision = promo(defaultGuardSettings, "Asia/Shanghai", "2026-12-01T13:30:00Z");
    if (decision.action !== "hold") throw new Error("expected a hold");
    expect(decision.text["zh-CN"]).toBe("免打扰时段，将于 2026-12-02 09:00 发送");
    expect(decision.text.en).toBe("Held: quiet hours; goes at 2026-12-02 09:00");
  });

  it("finds the next free day behind a backlog of two years of held messages, quickly", () => {
    const tz = "Asia/Shanghai";
    // Five a week for 104 weeks from Monday Mar 1 2027, 09:00 local.
    const start = Date.parse("2027-03-01T01:00:00Z");
    const backlog = Array.from({ length: 520 }, (_, i) =>
      new Date(start + (Math.floor(i / 5) * 7 + (i % 5)) * 86_400_000).toISOString(),
    );
    const began = performance.now();
    const decision = promo(defaultGuardSettings, tz, "2027-03-01T02:00:00Z", backlog);
    expect(performance.now() - began).toBeLessThan(500);
    expect(decision).toMatchObject({
      reason: "weekly_cap",
      until: new Date(start + 104 * 7 * 86_400_000),
    });
  });

  it("caps promotional posts per community per local day; quiet hours hold every post", () => {
    const tz = "Asia/Shanghai";
    const posts = [
      Date.parse("2026-12-01T01:00:00Z"),
      Date.parse("2026-12-01T02:00:00Z"),
      Date.parse("2026-12-01T03:00:00Z"),
    ];
    const postsThatDay = (t: number) => {
      const day = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
      return posts.filter((p) => new Date(p + 8 * 3_600_000).toISOString().slice(0, 10) === day).length;
    };
    const post = (promotional: boolean, at: string) =>
      decideCommunityPost({
        settings: defaultGuardSettings,
        timeZone: tz,
        promotional,
        postsThatDay,
        at: utc(at),
      });
    expect(post(true, "2026-12-01T05:00:00Z")).toMatchObject({
      reason: "community_daily_cap",
      until: utc("2026-12-02T01:00:00Z"),
    });
    expect(post(false, "2026-12-01T05:00:00Z").action).toBe("send");
    expect(post(false, "2026-12-01T14:00:00Z")).toMatchObject({ reason: "quiet_hours" });
    expect(post(true, "2026-12-02T05:00:00Z").action).toBe("send");
  });
});
