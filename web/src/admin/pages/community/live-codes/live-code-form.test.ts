import { describe, expect, it } from "vitest";
import { emptyForm, inputOf, minuteToTime, timeToMinute } from "./live-code-form";

describe("live-code form", () => {
  it("turns yuan into 分 and window times into minutes, with 00:00 as an end meaning midnight", () => {
    const input = inputOf({
      ...emptyForm,
      name: " 柜台 ",
      costYuan: 12.5,
      strategy: "schedule",
      windows: [{ key: "W1", weekdays: [1], start: "22:00", end: "02:00", pick: "fill" }],
      targets: [{ ...emptyForm.targets[0]!, refId: "c1", windowKey: "W1" }],
    });
    expect(input.name).toBe("柜台");
    expect(input.cost).toBe(1250);
    expect(input.windows[0]).toMatchObject({ startMinute: 1320, endMinute: 120 });
    expect(input.targets[0]).toMatchObject({ communityId: "c1", staffId: null, windowKey: "W1" });
    expect(timeToMinute("00:00", true)).toBe(1440);
    expect(minuteToTime(1440)).toBe("00:00");
  });

  it("leaves a new group's capacity to the server (its own capacity) unless one is typed", () => {
    const input = inputOf({ ...emptyForm, name: "x", targets: [{ ...emptyForm.targets[0]!, refId: "c1" }] });
    expect("capacity" in (input.targets[0] ?? {})).toBe(false);
  });
});
