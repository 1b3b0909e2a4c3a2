import { type Candidate, planRoute, type RoutingPlan, type Whereabouts } from "./routing-rules.js";

/** One newcomer to route: where they are (store codes) and when they scanned. */
export type RouteRequest = { where: Whereabouts; now: Date; random?: () => number };

export type Allocation = {
  /** Per request, in order: the target it got, or null when every target was full. */
  targetIds: (string | null)[];
  /** Newcomers given to each target. */
  takenBy: Map<string, number>;
  /** Round-robin turns used (one per request when the plan turns a cursor). */
  turns: number;
};

/**
 * Routes a batch of newcomers one after another, as if each had scanned alone: every request sees
 * the counts the earlier ones left (a group that fills up rolls over to the next), and a
 * round-robin cursor turns once per request. The caller holds the targets locked, so the counts are
 * exact and the first target of each plan takes the newcomer.
 */
export function allocateTargets(
  candidates: readonly Candidate[],
  plan: RoutingPlan & { turnsCursor: boolean },
  timeZone: string,
  requests: readonly RouteRequest[],
): Allocation {
  const state = candidates.map((c) => ({ ...c }));
  const takenBy = new Map<string, number>();
  let turns = 0;
  const targetIds = requests.map((request) => {
    const order = planRoute(
      state,
      { ...plan, cursor: plan.cursor + turns },
      { now: request.now, timeZone, where: request.where, random: request.random },
    );
    if (plan.turnsCursor) turns += 1;
    const chosen = order[0];
    if (!chosen) return null;
    chosen.assigned += 1;
    chosen.assignedToday += 1;
    takenBy.set(chosen.id, (takenBy.get(chosen.id) ?? 0) + 1);
    return chosen.id;
  });
  return { targetIds, takenBy, turns };
}
