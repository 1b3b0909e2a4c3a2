import { z } from "zod";
import type { Database } from "../../../db/database.js";
import { readAsMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { auditedWrite } from "../../../http/audited-write.js";
import { IdempotencyHeadersSchema, idempotencyKeyOf } from "../../../http/idempotency-key.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { getBulkIssue, listBulkIssues, startBulkIssue } from "./bulk-issue.js";
import { exportBatchCsv, getBatch, listBatches, startCodeBatch } from "./code-batches.js";
import { BatchInputSchema, BatchSchema, BulkIssueInputSchema, BulkIssueSchema } from "./schemas.js";

const tags = ["coupons"];

export async function couponBatchRoutes(app: App, deps: AppDeps): Promise<void> {
  registerBulkIssueRoutes(app, deps.database);

  app.post(
    "/api/v1/coupon-batches",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Generate a batch of unassigned coupon codes (up to 1,000,000) as a job",
        description:
          "Needs an Idempotency-Key header (the same key returns the first batch, 200). The template's stock is taken for the whole batch at once (409 out_of_stock if it does not cover it). " +
          "Poll GET /api/v1/coupon-batches/{id} (generated / quantity, status queued | running | ready | failed), then download the codes as CSV. " +
          "A member binds a code with POST /api/m/{slug}/coupons/bind; the POS may redeem an unbound code directly. Validity is fixed when the batch is created. Audited.",
        headers: IdempotencyHeadersSchema,
        body: BatchInputSchema,
        response: { 200: BatchSchema, 201: BatchSchema },
      },
    },
    async (request, reply) => {
      const { actor } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const { batch, created } = await auditedWrite<{ batch: z.infer<typeof BatchSchema>; created: boolean }>(
        database(),
        request,
        {
          action: "coupon_batch.create",
          targetType: "coupon_batch",
          targetId: (r) => r.batch.id,
          details: { ...request.body },
        },
        (tx, merchantId) =>
          startCodeBatch(tx, merchantId, { ...request.body, idempotencyKey }, actor, deps.now()),
      );
      return reply.status(created ? 201 : 200).send(batch);
    },
  );

  app.get(
    "/api/v1/coupon-batches",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Code batches, newest first (the latest 500)",
        querystring: z.object({ templateId: z.string().uuid().optional() }),
        response: { 200: z.object({ data: z.array(BatchSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await readAsMerchant(database(), merchantId, (tx) =>
          listBatches(tx, merchantId, request.query.templateId),
        ),
      };
    },
  );

  app.get(
    "/api/v1/coupon-batches/:id",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "A code batch and its progress",
        params: IdParamsSchema,
        response: { 200: BatchSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database(), merchantId, (tx) => getBatch(tx, merchantId, request.params.id));
    },
  );

  app.get(
    "/api/v1/coupon-batches/:id/codes.csv",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "A batch's codes as a CSV download (streamed)",
        description:
          "Columns: number, code, code_display (grouped by four), valid_from, valid_until, status, customer_id (once bound).",
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const { stream } = await exportBatchCsv(database(), merchantId, request.params.id);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="coupon-codes-${request.params.id}.csv"`)
        .send(stream);
    },
  );

  function database(): Database {
    return deps.database;
  }
}

function registerBulkIssueRoutes(app: App, database: Database): void {
  app.post(
    "/api/v1/coupon-bulk-issues",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Issue a template to every member of a segment, as a job",
        description:
          "Needs an Idempotency-Key header (the same key returns the first run, 200). Customers outside the template's audience or at its per-customer limit are skipped; " +
          "when the stock runs out the run stops (status stopped, stopReason out_of_stock). Each customer's coupons are keyed segment-issue:<runId>:<customer>, so a retried or resumed run never issues twice. " +
          "Poll GET /api/v1/coupon-bulk-issues/{id} for processed / total. Audited.",
        headers: IdempotencyHeadersSchema,
        body: BulkIssueInputSchema,
        response: { 200: BulkIssueSchema, 201: BulkIssueSchema },
      },
    },
    async (request, reply) => {
      const { actor } = contextOf(request);
      const idempotencyKey = idempotencyKeyOf(request);
      const { run, created } = await auditedWrite<{ run: z.infer<typeof BulkIssueSchema>; created: boolean }>(
        database,
        request,
        {
          action: "coupon.bulk_issue",
          targetType: "coupon_template",
          targetId: request.body.templateId,
          details: { ...request.body },
        },
        (tx, merchantId) => startBulkIssue(tx, merchantId, { ...request.body, idempotencyKey }, actor),
      );
      return reply.status(created ? 201 : 200).send(run);
    },
  );

  app.get(
    "/api/v1/coupon-bulk-issues",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Bulk issues, newest first",
        querystring: PageQuerySchema,
        response: { 200: pageOf(BulkIssueSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => listBulkIssues(tx, merchantId, request.query));
    },
  );

  app.get(
    "/api/v1/coupon-bulk-issues/:id",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary:
          "A bulk issue and its progress (processed of total customers, coupons issued, customers skipped)",
        params: IdParamsSchema,
        response: { 200: BulkIssueSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => getBulkIssue(tx, merchantId, request.params.id));
    },
  );
}
