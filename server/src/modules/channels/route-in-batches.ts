import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { createGroupCommit } from "../../lib/group-commit.js";
import { retryOnDeadlock } from "../../lib/retry-on-deadlock.js";
import { type AssignInput, type Assignment, assignTargets } from "./assign-target.js";

/** Scans one transaction routes at most: its statements stay a bounded size. */
const maxBatch = 200;

type BatchedScan = AssignInput & { database: Database; merchantId: string };

const commitRoute = createGroupCommit<BatchedScan, Assignment>(
  (scans) => {
    const { database, merchantId, liveCodeId } = scans[0]!;
    return retryOnDeadlock(() =>
      withMerchant(database, merchantId, (tx) => assignTargets(tx, merchantId, liveCodeId, scans)),
    );
  },
  { maxBatch },
);

/**
 * Routes a newcomer in its own short transaction, batched with the other scans of the same code
 * that arrive meanwhile (group commit): a burst of 200 scans is then a few transactions on the
 * code's lock instead of 200 queued on it.
 */
export function routeInBatch(
  database: Database,
  merchantId: string,
  input: AssignInput,
): Promise<Assignment> {
  return commitRoute(`${merchantId} ${input.liveCodeId}`, { ...input, database, merchantId });
}
