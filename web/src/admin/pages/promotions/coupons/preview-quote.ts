// How the editor's preview prices its sample cart: the rule as the form holds it — saved or not —
// through the server's rule preview, so the discount arithmetic stays on the server and nothing is
// issued or written.
import { api } from "../../../../shared/api";
import type { CartLineInput, CouponRule, Quote } from "../../../../shared/api-types";

export function quoteRule(rule: CouponRule, lines: CartLineInput[]): Promise<Quote> {
  return api.post<Quote>("/api/v1/checkout/preview-rule", { rule, lines });
}
