import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf } from "../../../http/request-context.js";
import {
  LookupParamsSchema,
  LookupQuerySchema,
  VerifyCouponSchema,
  VerifyRequestSchema,
  VerifyResultSchema,
} from "./schemas.js";
import { lookUpCoupon, verifyCoupon } from "./verify-coupon.js";

const tags = ["checkout"];

/** The clerk's in-store coupon redemption (核销) from a phone: look a member's coupon up, then redeem it. */
export async function couponVerifyRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/coupon-verify/:code",
    {
      config: { access: "coupon:verify" },
      schema: {
        tags,
        summary: "Look up a member's coupon by its code, and what it takes off a purchase",
        description:
          "Spaces, dashes and case in the code are ignored; another shop's code is 404. With amount (分) the coupon is priced on a one-line cart of that amount (a dry run): the discount, what is left to pay, gifts, or the rejection with its machine-readable reason (below_min_spend, already_redeemed, expired, wrong_store …).",
        params: LookupParamsSchema,
        querystring: LookupQuerySchema,
        response: { 200: VerifyCouponSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return lookUpCoupon(database, merchantId, request.params.code, request.query, deps.now());
    },
  );

  app.post(
    "/api/v1/coupon-verify",
    {
      config: { access: "coupon:verify" },
      schema: {
        tags,
        summary: "Redeem (核销) a member's coupon on an in-store purchase (Idempotency-Key header required)",
        description:
          "Redeems through the checkout's redeem on a one-line cart of amount (分): 201 with the coupon (now redeemed) and the redemption; the same Idempotency-Key again returns it (200). 422 coupon_not_applicable with details.reason when it does not apply (already_redeemed, below_min_spend …); the redemption can be rolled back with POST /api/v1/redemptions/{id}/rollback.",
        headers: IdempotencyHeadersSchema,
        body: VerifyRequestSchema,
        response: { 200: VerifyResultSchema, 201: VerifyResultSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const key = idempotencyKeyOf(request);
      const { result, created } = await verifyCoupon(database, merchantId, request.body, key, {
        actor,
        source,
        now: deps.now(),
      });
      return reply.status(created ? 201 : 200).send(result);
    },
  );
}
