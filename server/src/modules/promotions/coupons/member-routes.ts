import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { memberOf } from "../../../http/request-context.js";
import { bindCouponCode } from "./bind-code.js";
import { listCentreTemplates } from "./coupon-centre.js";
import { listMemberCoupons, memberCouponOf, withTemplates } from "./coupon-views.js";
import { issueCoupons } from "./issue-coupons.js";
import {
  BindCodeSchema,
  CentreTemplateSchema,
  MemberCouponQuerySchema,
  MemberCouponSchema,
} from "./schemas.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

export async function memberCouponRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/m/:slug/coupons",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My coupons: available (soonest to expire first), used or expired",
        description:
          "Each with its code (show it as a QR code for the clerk to scan), validity, the rule and its summary (满100减10 …).",
        params: SlugParams,
        querystring: MemberCouponQuerySchema,
        response: { 200: z.object({ data: z.array(MemberCouponSchema) }) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return {
        data: await readAsMerchant(database, member.merchantId, (tx) =>
          listMemberCoupons(tx, member.merchantId, member.customerId, request.query.status, deps.now()),
        ),
      };
    },
  );

  app.get(
    "/api/m/:slug/coupon-centre",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary:
          "The coupon centre (领券中心): coupons I may claim, with what is left and my remaining allowance",
        params: SlugParams,
        response: { 200: z.object({ data: z.array(CentreTemplateSchema) }) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return {
        data: await readAsMerchant(database, member.merchantId, (tx) =>
          listCentreTemplates(tx, member.merchantId, member.customerId, deps.now()),
        ),
      };
    },
  );

  app.post(
    "/api/m/:slug/coupon-centre/:templateId/claim",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Claim one coupon from the coupon centre (Idempotency-Key header required)",
        description:
          "201 with the new coupon; the same Idempotency-Key again returns it (200). 409 out_of_stock when none are left, 409 limit_reached past my allowance, 422 unprocessable (details.reason: not_claimable, paused, ended, not_in_audience).",
        params: SlugParams.extend({ templateId: z.string().uuid() }),
        headers: IdempotencyHeadersSchema,
        response: { 200: MemberCouponSchema, 201: MemberCouponSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const key = idempotencyKeyOf(request);
      const now = deps.now();
      const coupon = await withMerchant(database, member.merchantId, async (tx) => {
        const outcome = await issueCoupons(tx, member.merchantId, {
          templateId: request.params.templateId,
          customerId: member.customerId,
          quantity: 1,
          issueKey: `claim:${member.customerId}:${key}`,
          source: "claim",
          actor: member,
          now,
          claim: true,
        });
        const [view] = await withTemplates(tx, member.merchantId, outcome.coupons);
        if (!view) throw new Error("a claim issued no coupon");
        return { view: memberCouponOf(view.row, view.template, now), created: outcome.created };
      });
      return reply.status(coupon.created ? 201 : 200).send(coupon.view);
    },
  );

  app.post(
    "/api/m/:slug/coupons/bind",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Claim a coupon by its code (a printed or shared batch code becomes mine)",
        description:
          "Spaces, dashes and case are ignored. 201 with the coupon; my own code again 200; a code someone else bound 409 already_done; per-customer limit 409 limit_reached; unknown code 404.",
        params: SlugParams,
        body: BindCodeSchema,
        response: { 200: MemberCouponSchema, 201: MemberCouponSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const now = deps.now();
      const result = await withMerchant(database, member.merchantId, async (tx) => {
        const { coupon, created } = await bindCouponCode(
          tx,
          member.merchantId,
          member.customerId,
          request.body.code,
          now,
        );
        const [view] = await withTemplates(tx, member.merchantId, [coupon]);
        if (!view) throw new Error("a bound coupon has no template");
        return { view: memberCouponOf(view.row, view.template, now), created };
      });
      return reply.status(result.created ? 201 : 200).send(result.view);
    },
  );
}
