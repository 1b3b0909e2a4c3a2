import type { Tx } from "../../db/tenant.js";
import { recordEvents } from "../events/record-events.js";

export type SegmentMoveContext = {
  segmentId: string;
  segmentName: string;
  ruleVersion: number;
  /** change: the customer's data changed; reconcile: the full pass (save, nightly, on demand). */
  trigger: "change" | "reconcile";
  at: Date;
};

// A reconcile can move a whole shop; a bounded batch keeps each insert's parameters in range.
const batchSize = 2_000;

/** Emits `segment.entered` / `segment.exited` per customer, in the caller's transaction. */
export async function emitSegmentEvents(
  tx: Tx,
  merchantId: string,
  customerIds: readonly string[],
  type: "segment.entered" | "segment.exited",
  context: SegmentMoveContext,
): Promise<void> {
  for (let i = 0; i < customerIds.length; i += batchSize) {
    await recordEvents(
      tx,
      merchantId,
      customerIds.slice(i, i + batchSize).map((customerId) => ({
        customerId,
        type,
        properties: {
          segmentId: context.segmentId,
          segmentName: context.segmentName,
          ruleVersion: context.ruleVersion,
          trigger: context.trigger,
        },
        occurredAt: context.at,
        source: "system",
      })),
    );
  }
}
