import type { Tx } from "../../db/tenant.js";
import { recordEvents } from "../events/record-events.js";

export type TagChange = { customerId: string; action: "added" | "removed" };
export type TagEventContext = {
  tagId: string;
  tagName: string;
  source: "manual" | "rule";
  reason: string | null;
  ruleVersion: number | null;
  eventSource: string;
  at: Date;
};

// A re-evaluation can add a tag to a whole shop; a bounded batch keeps each insert's parameters in range.
const batchSize = 2_000;

/** Emits `tag.added` / `tag.removed` for each change, in the caller's transaction. */
export async function emitTagEvents(
  tx: Tx,
  merchantId: string,
  changes: TagChange[],
  context: TagEventContext,
) {
  for (let i = 0; i < changes.length; i += batchSize) {
    await recordEvents(
      tx,
      merchantId,
      changes.slice(i, i + batchSize).map((change) => ({
        customerId: change.customerId,
        type: change.action === "added" ? "tag.added" : "tag.removed",
        properties: {
          tagId: context.tagId,
          tagName: context.tagName,
          source: context.source,
          reason: context.reason,
          ...(context.ruleVersion === null ? {} : { ruleVersion: context.ruleVersion }),
        },
        occurredAt: context.at,
        source: context.eventSource,
      })),
    );
  }
}
