// Issuing through the API: manual issue to listed customers (100 a call) and bulk issue to a segment (a job).
import { api } from "../../../../shared/api";
import type {
  CouponBulkIssue,
  CouponIssueResult,
  CustomerListItem,
  Page,
} from "../../../../shared/api-types";
import { newIdempotencyKey } from "../../loyalty/points/idempotency-key";
import { chunksOf } from "./recipients";

export type ManualOutcome = { issuedCustomers: number; coupons: number; skipped: Record<string, number> };

/** Looks phones up one by one (the list API filters by one phone); unknown phones come back in `unknown`. */
export async function findCustomersByPhone(phones: string[]): Promise<{ ids: string[]; unknown: string[] }> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const phone of phones) {
    const page = await api.get<Page<CustomerListItem>>("/api/v1/customers", { phone, limit: 1 });
    const found = page.data[0];
    if (found) ids.push(found.id);
    else unknown.push(phone);
  }
  return { ids, unknown };
}

/**
 * Issues to the customers 100 at a time; each call has its own Idempotency-Key derived from one run key,
 * so retrying a run after a network failure issues nothing twice.
 */
export async function issueToCustomers(
  templateId: string,
  customerIds: string[],
  quantity: number,
  runKey = newIdempotencyKey(),
  onProgress: (done: number) => void = () => {},
): Promise<ManualOutcome> {
  const outcome: ManualOutcome = { issuedCustomers: 0, coupons: 0, skipped: {} };
  let done = 0;
  for (const [index, chunk] of chunksOf(customerIds, 100).entries()) {
    const { results } = await api.post<CouponIssueResult>(
      "/api/v1/coupons/issue",
      { templateId, customerIds: chunk, quantity },
      { headers: { "idempotency-key": `${runKey}-${index}` } },
    );
    for (const result of results) {
      if (result.issued) {
        outcome.issuedCustomers += 1;
        outcome.coupons += result.coupons.length;
      } else {
        const reason = result.reason ?? "unknown";
        outcome.skipped[reason] = (outcome.skipped[reason] ?? 0) + 1;
      }
    }
    done += chunk.length;
    onProgress(done);
  }
  return outcome;
}

export const bulkIssuePath = "/api/v1/coupon-bulk-issues";

export function startBulkIssue(templateId: string, segmentId: string, quantity: number, key: string) {
  return api.post<CouponBulkIssue>(
    bulkIssuePath,
    { templateId, segmentId, quantity },
    { headers: { "idempotency-key": key } },
  );
}

export function getBulkIssue(id: string) {
  return api.get<CouponBulkIssue>(`${bulkIssuePath}/${id}`);
}

export const bulkIssueFinished = (run: CouponBulkIssue) =>
  run.status === "succeeded" || run.status === "failed" || run.status === "stopped";
