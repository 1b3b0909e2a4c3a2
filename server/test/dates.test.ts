import { describe, expect, it } from "vitest";
import { parseCalendarDate, parseShopDate } from "../src/lib/dates.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("parseShopDate", () => {
  it.each([
    ["2026-11-01T10:00:00+08:00", "Asia/Shanghai", "2026-11-01T02:00:00.000Z"],
    ["2026-11-01T10:00:00Z", "Asia/Shanghai", "2026-11-01T10:00:00.000Z"],
    ["2026-11-01T10:00:00.250-0500", "UTC", "2026-11-01T15:00:00.250Z"],
    ["2026-11-01 10:00", "Asia/Shanghai", "2026-11-01T02:00:00.000Z"],
    ["2026-11-01 10:00:30", "Asia/Shanghai", "2026-11-01T02:00:30.000Z"],
    ["2026/11/01 10:00", "Asia/Shanghai", "2026-11-01T02:00:00.000Z"],
    ["2026/1/5 9:05", "Asia/Shanghai", "2026-01-05T01:05:00.000Z"],
    ["2026-11-01", "Asia/Shanghai", "2026-10-31T16:00:00.000Z"],
    ["20261101", "Asia/Shanghai", "2026-10-31T16:00:00.000Z"],
    ["2026年11月1日 10:00", "Asia/Shanghai", "2026-11-01T02:00:00.000Z"],
    ["2026年11月1日", "UTC", "2026-11-01T00:00:00.000Z"],
    ["2026-07-01 12:00", "America/New_York", "2026-07-01T16:00:00.000Z"],
    ["2026-12-01 12:00", "America/New_York", "2026-12-01T17:00:00.000Z"],
    // The spring-forward gap (02:30 does not exist) lands after the jump; the autumn overlap takes the first.
    ["2026-03-08 02:30", "America/New_York", "2026-03-08T07:30:00.000Z"],
    ["2026-11-01 01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
  ])("reads %j in %s as %s", (input, zone, expected) => {
    expect(iso(parseShopDate(input, zone))).toBe(expected);
  });

  it.each([
    "",
    "yesterday",
    "2026-13-01",
    "2026-02-30",
    "2026-11-01 25:00",
    "2026-11-01 10:61",
    "1/11/2026",
    "202611",
  ])("rejects %j", (input) => {
    expect(parseShopDate(input, "Asia/Shanghai")).toBeNull();
  });
});

describe("parseCalendarDate", () => {
  it.each([
    ["1990-05-06", "1990-05-06"],
    ["1990/5/6", "1990-05-06"],
    ["19900506", "1990-05-06"],
    ["1990年5月6日", "1990-05-06"],
    ["1990-05-06 00:00:00", "1990-05-06"],
    ["1990-02-30", null],
    ["n/a", null],
  ])("reads %j as %s", (input, expected) => {
    expect(parseCalendarDate(input)).toBe(expected);
  });
});
