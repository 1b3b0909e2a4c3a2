import { describe, expect, it } from "vitest";
import { allocateTargets, type RouteRequest } from "../src/modules/channels/allocate-targets.js";
import type { Candidate, RoutingPlan } from "../src/modules/channels/routing-rules.js";

const candidate = (id: string, fields: Partial<Candidate> = {}): Candidate => ({
  id,
  role: "primary",
  windowId: null,
  storeId: null,
  position: Number(id.replace(/\D/g, "")) || 0,
  capacity: null,
  assigned: 0,
  assignedToday: 0,
  dailyLimit: null,
  available: true,
  ...fields,
});

const now = new Date("2026-11-30T12:00:00Z");
const requests = (n: number): RouteRequest[] => Array.from({ length: n }, () => ({ where: null, now }));
const plan = (strategy: RoutingPlan["strategy"], cursor = 0) => ({
  strategy,
  cursor,
  windows: [],
  stores: [],
  turnsCursor: strategy === "round_robin",
});

describe("allocating a batch of newcomers", () => {
  it("fills groups in order, rolls over, then the backup's daily limit, then none", () => {
    const targets = [
      candidate("t1", { capacity: 3, assigned: 1 }),
      candidate("t2", { capacity: 4 }),
      candidate("t3", { role: "backup", dailyLimit: 2, assignedToday: 0 }),
    ];
    const { targetIds, takenBy } = allocateTargets(targets, plan("fill"), "Asia/Shanghai", requests(10));
    expect(targetIds).toEqual(["t1", "t1", "t2", "t2", "t2", "t2", "t3", "t3", null, null]);
    expect(Object.fromEntries(takenBy)).toEqual({ t1: 2, t2: 4, t3: 2 });
    // The caller's candidates are left as read.
    expect(targets[0]!.assigned).toBe(1);
  });

  it("turns the round-robin cursor once per newcomer, starting where the code left it", () => {
    const targets = [candidate("t1"), candidate("t2"), candidate("t3")];
    const { targetIds, turns } = allocateTargets(targets, plan("round_robin", 1), "UTC", requests(5));
    expect(targetIds).toEqual(["t2", "t3", "t1", "t2", "t3"]);
    expect(turns).toBe(5);
  });

  it("least-loaded sees the counts the earlier newcomers left, so a batch spreads evenly", () => {
    const targets = [
      candidate("t1", { capacity: 10, assigned: 4 }),
      candidate("t2", { capacity: 10 }),
      candidate("t3", { capacity: 10, assigned: 2 }),
    ];
    const { takenBy } = allocateTargets(targets, plan("least_loaded"), "UTC", requests(9));
    expect(Object.fromEntries(takenBy)).toEqual({ t1: 1, t2: 5, t3: 3 });
  });
});
