import type { Tx } from "../../db/tenant.js";
import { recordEvents } from "../events/record-events.js";
import type { LayerMoveReason } from "./tables.js";

export type LayerMove = {
  customerId: string;
  fromLayerId: string | null;
  fromName: string | null;
  toLayerId: string | null;
  toName: string | null;
  reason: LayerMoveReason;
};

// A re-evaluation can move a whole shop; a bounded batch keeps each insert's parameters in range.
const batchSize = 2_000;

/** Emits one `layer.moved` per move, in the caller's transaction. */
export async function emitLayerMoves(
  tx: Tx,
  merchantId: string,
  moves: readonly LayerMove[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < moves.length; i += batchSize) {
    await recordEvents(
      tx,
      merchantId,
      moves.slice(i, i + batchSize).map((m) => ({
        customerId: m.customerId,
        type: "layer.moved",
        properties: {
          fromLayerId: m.fromLayerId,
          fromLayer: m.fromName,
          toLayerId: m.toLayerId,
          toLayer: m.toName,
          reason: m.reason,
        },
        occurredAt: at,
        source: "system",
      })),
    );
  }
}
