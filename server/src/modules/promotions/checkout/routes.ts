import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { requestHash } from "../../../lib/request-hash.js";
import { retryOnDeadlock } from "../../../lib/retry-on-deadlock.js";
import { previewRule } from "./preview-rule.js";
import { quoteCart } from "./quote-cart.js";
import { redeemCoupons } from "./redeem-coupons.js";
import { getRedemption, listRedemptions } from "./redemption-views.js";
import { releaseReservation, reserveCoupons } from "./reservations.js";
import { rollbackRedemption } from "./rollback-redemption.js";
import {
  fromBeforeToIssue,
  isFromBeforeTo,
  QuoteRequestSchema,
  QuoteSchema,
  RedeemRequestSchema,
  RedemptionListQuerySchema,
  RedemptionSchema,
  RedemptionSummarySchema,
  ReservationRequestSchema,
  ReservationSchema,
  RollbackRequestSchema,
  RulePreviewRequestSchema,
} from "./schemas.js";

const tags = ["checkout"];

export async function checkoutRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.post(
    "/api/v1/checkout/quote",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Price a cart with coupons (a dry run: writes nothing)",
        description:
          "coupons: \"best\" (the customer's coupons, best allowed combination) or a list of codes. Returns each line's discount and net amount, gifts, each applied coupon's split over the lines, and for every coupon not applied a machine-readable reason with zh-CN and English messages.",
        body: QuoteRequestSchema,
        response: { 200: QuoteSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return quoteCart(database, merchantId, request.body, deps.now());
    },
  );

  app.post(
    "/api/v1/checkout/preview-rule",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary:
          "Price a sample cart with a coupon rule that need not be saved (the template editor's preview)",
        description:
          "The same engine and arithmetic as a quote, for one coupon under the rule, coded PREVIEW: counted as a first order, valid and within budget. at (default now) is read in the shop's time zone for the rule's weekdays and hours. Writes nothing.",
        body: RulePreviewRequestSchema,
        response: { 200: QuoteSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return previewRule(database, merchantId, request.body, deps.now());
    },
  );

  app.post(
    "/api/v1/checkout/redeem",
    {
      config: { access: "checkout:write" },
      schema: {
        tags,
        summary: "Redeem coupons for a cart",
        description:
          "Needs an Idempotency-Key: the same key returns the first redemption (200). Prices the cart again and consumes all the named coupons (or the best set, or a reservation's coupons) or none: 422 coupon_not_applicable with details.reason otherwise.",
        headers: IdempotencyHeadersSchema,
        body: RedeemRequestSchema,
        response: { 200: RedemptionSchema, 201: RedemptionSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const key = idempotencyKeyOf(request);
      const { redemption, created } = await redeemCoupons(database, merchantId, request.body, key, {
        actor,
        source,
        now: deps.now(),
      });
      return reply.status(created ? 201 : 200).send(redemption);
    },
  );

  app.post(
    "/api/v1/checkout/reservations",
    {
      config: { access: "checkout:write" },
      schema: {
        tags,
        summary: "Hold coupons for a cart for a few minutes",
        description:
          "Needs an Idempotency-Key. The coupons turn reserved until expiresAt (holdMinutes, default 15): no other cart can use them; redeem with reservationId consumes them; a job releases holds past their time.",
        headers: IdempotencyHeadersSchema,
        body: ReservationRequestSchema,
        response: { 200: ReservationSchema, 201: ReservationSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor, source } = contextOf(request);
      const key = idempotencyKeyOf(request);
      const { reservation, created } = await reserveCoupons(database, merchantId, request.body, key, {
        actor,
        source,
        now: deps.now(),
      });
      return reply.status(created ? 201 : 200).send(reservation);
    },
  );

  app.delete(
    "/api/v1/checkout/reservations/:id",
    {
      config: { access: "checkout:write" },
      schema: {
        tags,
        summary: "Release a held reservation before its time (the cart was abandoned)",
        params: IdParamsSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) =>
        releaseReservation(tx, merchantId, request.params.id),
      );
    },
  );

  app.get(
    "/api/v1/redemptions",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "The redemption log, newest first",
        querystring: RedemptionListQuerySchema.extend(PageQuerySchema.shape).refine(
          isFromBeforeTo,
          fromBeforeToIssue,
        ),
        response: { 200: pageOf(RedemptionSummarySchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listRedemptions(tx, merchantId, filter, { limit, cursor }),
      );
    },
  );

  app.get(
    "/api/v1/redemptions/:id",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "A redemption with each coupon's share of each line",
        params: IdParamsSchema,
        response: { 200: RedemptionSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getRedemption(tx, merchantId, request.params.id));
    },
  );

  app.post(
    "/api/v1/redemptions/:id/rollback",
    {
      config: { access: "checkout:write" },
      schema: {
        tags,
        summary: "Roll a redemption back (refund or cancellation): coupons and budget return",
        description:
          "Needs an Idempotency-Key: the same key returns the rolled-back redemption; a rollback under another key once it is rolled back is 409 already_done. Coupons past their validity come back expired.",
        headers: IdempotencyHeadersSchema,
        params: IdParamsSchema,
        body: RollbackRequestSchema.optional(),
        response: { 200: RedemptionSchema },
      },
    },
    async (request) => {
      const { merchantId, actor, source } = contextOf(request);
      const key = idempotencyKeyOf(request);
      const hash = requestHash({ id: request.params.id, reason: request.body?.reason });
      const { redemption } = await retryOnDeadlock(() =>
        withMerchant(database, merchantId, (tx) =>
          rollbackRedemption(tx, merchantId, request.params.id, {
            key,
            hash,
            source,
            via: "api",
            actor,
            now: deps.now(),
          }),
        ),
      );
      return redemption;
    },
  );
}
