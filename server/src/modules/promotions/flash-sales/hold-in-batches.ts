import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { type Tx, withMerchant } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { isUniqueViolation } from "../../../lib/database-errors.js";
import { createGroupCommit } from "../../../lib/group-commit.js";
import { retryOnDeadlock } from "../../../lib/retry-on-deadlock.js";
import { randomDigits } from "../../../lib/tokens.js";
import { type Allocation, allocateUnits, type UnitRequest, usedKeyOf } from "./allocate-units.js";
import type { SaleRow } from "./flash-sales.js";
import { readBuyers } from "./read-buyers.js";
import { noteUnitsLeft } from "./sale-admission.js";
import { holdUntilOf, unitsLeft } from "./sale-rules.js";
import type { Purchase } from "./schemas.js";
import { flashSales } from "./tables.js";

export type HoldRequest = UnitRequest & { requestHash: string; source: string };

export type HoldOutcome = ({ kind: "held"; purchase: Purchase } | Exclude<Allocation, { kind: "held" }>) & {
  sale: SaleRow;
};

/** Requests one transaction decides at most: its statements stay a bounded size. */
export const maxBatch = 200;

type HoldInBatchRequest = HoldRequest & { database: Database; merchantId: string; saleId: string };

const commitHold = createGroupCommit<HoldInBatchRequest, HoldOutcome>(
  (requests) => {
    const { database, merchantId, saleId } = requests[0]!;
    return decideBatch(database, merchantId, saleId, requests);
  },
  { maxBatch },
);

/**
 * Holds units of a flash sale for a purchase request. The requests of one sale are decided in
 * group commits (lib/group-commit.ts): the sale row is locked, the members' units and keys read
 * under that lock, every request decided in arrival order (allocateUnits) and the granted
 * purchases, their events and the sale's counter written in one statement. A burst's hundred
 * sales are then a few transactions, not a hundred queued on one row lock.
 */
export function holdInBatch(
  database: Database,
  merchantId: string,
  saleId: string,
  request: HoldRequest,
): Promise<HoldOutcome> {
  return commitHold(`${merchantId} ${saleId}`, { ...request, database, merchantId, saleId });
}

/** One transaction for a batch; a purchase code drawn twice (one in 10¹² per stored code) draws again. */
async function decideBatch(database: Database, merchantId: string, saleId: string, requests: HoldRequest[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await retryOnDeadlock(() =>
        withMerchant(database, merchantId, (tx) => decideUnderLock(tx, merchantId, saleId, requests)),
      );
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

async function decideUnderLock(
  tx: Tx,
  merchantId: string,
  saleId: string,
  requests: HoldRequest[],
): Promise<HoldOutcome[]> {
  const [sale] = await tx
    .select()
    .from(flashSales)
    .where(and(eq(flashSales.merchantId, merchantId), eq(flashSales.id, saleId)))
    .for("update");
  if (!sale) throw notFound("Flash sale");
  // A fresh snapshot, taken after the lock: every purchase of this sale committed before is seen.
  const { usedKeys, unitsOf } = await readBuyers(tx, merchantId, saleId, requests);
  const allocations = allocateUnits({ sale, usedKeys, unitsOf }, requests);
  const granted = requests.flatMap((request, i) =>
    allocations[i]!.kind === "held" ? [newPurchase(sale, request)] : [],
  );
  const after = granted.length > 0 ? await writePurchases(tx, merchantId, sale, granted) : sale;
  noteUnitsLeft(merchantId, saleId, unitsLeft(after));
  const byCustomerKey = new Map(granted.map((p) => [usedKeyOf(p.customerId, p.idempotencyKey), p]));
  return allocations.map((allocation, i) => {
    if (allocation.kind !== "held") return { ...allocation, sale: after };
    const purchase = byCustomerKey.get(usedKeyOf(requests[i]!.customerId, requests[i]!.idempotencyKey))!;
    return { kind: "held", purchase: purchase.view, sale: after };
  });
}

type NewPurchase = {
  customerId: string;
  idempotencyKey: string;
  requestHash: string;
  source: string;
  view: Purchase;
};

function newPurchase(sale: SaleRow, request: HoldRequest): NewPurchase {
  const holdUntil = holdUntilOf(request.now, sale.paymentMinutes);
  return {
    customerId: request.customerId,
    idempotencyKey: request.idempotencyKey,
    requestHash: request.requestHash,
    source: request.source,
    view: {
      id: randomUUID(),
      saleId: sale.id,
      customerId: request.customerId,
      code: randomDigits(12),
      quantity: request.quantity,
      unitPrice: sale.price,
      amount: sale.price * request.quantity,
      status: "held",
      holdUntil,
      createdAt: request.now,
      confirmedAt: null,
      releasedAt: null,
      releaseReason: null,
      settledBy: null,
    },
  };
}

/** The granted purchases, their flash_sale.held events and the sale's held counter: one statement. */
async function writePurchases(tx: Tx, merchantId: string, sale: SaleRow, granted: NewPurchase[]) {
  const rows = granted.map(({ view: p, idempotencyKey, requestHash, source }) => ({
    id: p.id,
    c: p.customerId,
    code: p.code,
    q: p.quantity,
    amount: p.amount,
    hold_until: p.holdUntil.toISOString(),
    at: p.createdAt.toISOString(),
    k: idempotencyKey,
    h: requestHash,
    source,
    props: {
      purchaseId: p.id,
      saleId: sale.id,
      sku: sale.sku,
      quantity: p.quantity,
      amount: p.amount,
      holdUntil: p.holdUntil.toISOString(),
    },
  }));
  const total = granted.reduce((sum, { view }) => sum + view.quantity, 0);
  const [after] = rowsOf<{ sold: number; held: number; stock: number }>(
    await tx.execute(sql`
      with g as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as g(id uuid, c uuid, code text, q int,
          amount bigint, hold_until timestamptz, at timestamptz, k text, h text, source text, props jsonb)
      ), purchases as (
        insert into flash_sale_purchases (merchant_id, id, sale_id, customer_id, code, quantity, unit_price,
          amount, status, hold_until, idempotency_key, request_hash, created_at)
        select ${merchantId}::uuid, g.id, ${sale.id}::uuid, g.c, g.code, g.q, ${sale.price}::bigint, g.amount,
          'held', g.hold_until, g.k, g.h, g.at
        from g
      ), held_events as (
        insert into events (merchant_id, customer_id, type, properties, occurred_at, source)
        select ${merchantId}::uuid, g.c, 'flash_sale.held', g.props, g.at, g.source from g
      )
      update flash_sales set held = held + ${total}::int
      where merchant_id = ${merchantId}::uuid and id = ${sale.id}::uuid
      returning sold, held, stock`),
  );
  return { ...sale, sold: after!.sold, held: after!.held, stock: after!.stock };
}
