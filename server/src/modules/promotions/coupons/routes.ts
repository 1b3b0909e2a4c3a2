import { z } from "zod";
import type { Database } from "../../../db/database.js";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { auditedWrite } from "../../../http/audited-write.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { couponsOf, listCoupons } from "./coupon-views.js";
import { issueToCustomers } from "./manual-issue.js";
import {
  CouponListQuerySchema,
  CouponSchema,
  IssueRequestSchema,
  IssueResultSchema,
  type Template,
  TemplateChangeSchema,
  TemplateInputSchema,
  TemplateSchema,
  VoidRequestSchema,
} from "./schemas.js";
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from "./templates.js";
import { voidCoupon } from "./void-coupon.js";

const tags = ["coupons"];

export async function couponRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;
  registerTemplateRoutes(app, database, deps.now);

  app.get(
    "/api/v1/coupons",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Issued coupons, newest first (filter by template, customer, batch or code)",
        description:
          "status is as of now: an available coupon past validUntil reads expired (expiry is computed on read, not by a job).",
        querystring: CouponListQuerySchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(CouponSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      return readAsMerchant(database, merchantId, (tx) =>
        listCoupons(tx, merchantId, filter, { limit, cursor }, deps.now()),
      );
    },
  );

  app.post(
    "/api/v1/coupons/issue",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Issue a template's coupons to chosen customers (up to 100)",
        description:
          "Needs an Idempotency-Key header: resending the same request issues nothing twice (each customer's coupons are keyed manual:<key>:<customerId>). " +
          "Each customer is answered separately: issued, or the reason not (not_found, paused, ended, not_in_audience, out_of_stock, limit_reached). " +
          "Audited (coupon.issue); emits coupon.issued per customer.",
        headers: IdempotencyHeadersSchema,
        body: IssueRequestSchema,
        response: { 200: IssueResultSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const results = await withMerchant(database, merchantId, (tx) =>
        issueToCustomers(tx, merchantId, { ...request.body, idempotencyKey }, { actor, now: deps.now() }),
      );
      return { results };
    },
  );

  app.post(
    "/api/v1/coupons/:id/void",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Void an unused coupon (issued by mistake, a leaked code)",
        description:
          "Only an available coupon: void again → 409 already_done; reserved or redeemed → 409 conflict. It stops counting against the customer's limit; the stock is not given back. Audited (coupon.void); emits coupon.voided.",
        params: IdParamsSchema,
        body: VoidRequestSchema,
        response: { 200: CouponSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const now = deps.now();
      return withMerchant(database, merchantId, async (tx) => {
        const row = await voidCoupon(tx, merchantId, request.params.id, {
          actor,
          reason: request.body?.reason ?? null,
          ip: request.ip,
          now,
        });
        const [view] = await couponsOf(tx, merchantId, [row], now);
        if (!view) throw new Error("a voided coupon has no template");
        return view;
      });
    },
  );
}

function registerTemplateRoutes(app: App, database: Database, now: () => Date): void {
  app.get(
    "/api/v1/coupon-templates",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Coupon templates, newest first, with issued counts and budget spent",
        response: { 200: z.object({ data: z.array(TemplateSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listTemplates(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/coupon-templates",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Create a coupon template",
        description:
          "rule: the engine's CouponRule (amount_off, percent_off, threshold, first_order, gift, exchange; scope, schedule, stacking). " +
          'validity: {"type":"fixed","validFrom"?,"validUntil"} or {"type":"days_after_issue","days":N} — valid until the end of the Nth local day in the shop\'s zone, the issue day being day 1; fixed on each coupon when issued. ' +
          "stock: coupons that may ever be issued, batch codes included (null = unlimited); perCustomerLimit: coupons one customer may hold (void ones aside); budget: total discount in 分 (null = none). " +
          'audience: null (anyone), {"kind":"segment","id"}, {"kind":"layer","id"} or {"kind":"levels","ids":[…]}. claimable: listed in the member coupon centre. ' +
          "Invalid fields answer 400 validation_failed with issues[].path naming the field.",
        body: TemplateInputSchema,
        response: { 201: TemplateSchema },
      },
    },
    async (request, reply) => {
      const template = await auditedWrite<Template>(
        database,
        request,
        {
          action: "coupon_template.create",
          targetType: "coupon_template",
          targetId: (t) => t.id,
          details: { name: request.body.name },
        },
        (tx, merchantId) => createTemplate(tx, merchantId, request.body),
      );
      return reply.status(201).send(template);
    },
  );

  app.get(
    "/api/v1/coupon-templates/:id",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "A coupon template",
        params: IdParamsSchema,
        response: { 200: TemplateSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getTemplate(tx, merchantId, request.params.id));
    },
  );

  app.patch(
    "/api/v1/coupon-templates/:id",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Change a template (pause, end, stock, limits, rule, validity …)",
        description:
          "Applies to coupons issued from now on (issued coupons keep their dates). stock cannot go below issued, budget below spent (400 naming the field). status: active | paused | ended.",
        params: IdParamsSchema,
        body: TemplateChangeSchema,
        response: { 200: TemplateSchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        {
          action: "coupon_template.update",
          targetType: "coupon_template",
          targetId: request.params.id,
          details: { changes: request.body },
        },
        (tx, merchantId) => updateTemplate(tx, merchantId, request.params.id, request.body, now()),
      ),
  );

  app.delete(
    "/api/v1/coupon-templates/:id",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Delete a template that never issued a coupon (409 conflict otherwise: end it instead)",
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      await auditedWrite(
        database,
        request,
        { action: "coupon_template.delete", targetType: "coupon_template", targetId: request.params.id },
        (tx, merchantId) => deleteTemplate(tx, merchantId, request.params.id),
      );
      return reply.status(204).send();
    },
  );
}
