import { type Dayjs, todayIn } from "../../../shared/time";

export type PeriodPreset = "last7" | "last30" | "last90" | "thisMonth" | "last12Months";
export const periodPresets: PeriodPreset[] = ["last7", "last30", "last90", "thisMonth", "last12Months"];

export type Period = { from: string; to: string };

const format = (day: Dayjs) => day.format("YYYY-MM-DD");

/** Inclusive calendar dates in the merchant's time zone, ending today. */
export function periodOf(preset: PeriodPreset, timeZone: string): Period {
  const today = todayIn(timeZone);
  const from = {
    last7: () => today.subtract(6, "day"),
    last30: () => today.subtract(29, "day"),
    last90: () => today.subtract(89, "day"),
    thisMonth: () => today.startOf("month"),
    last12Months: () => today.subtract(11, "month").startOf("month"),
  }[preset]();
  return { from: format(from), to: format(today) };
}
