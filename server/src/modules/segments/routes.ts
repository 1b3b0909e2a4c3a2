import { z } from "zod";
import { type Tx, withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { enqueueJob } from "../../jobs/enqueue-job.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { recordAudit } from "../audit/record-audit.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import { previewRule } from "../insight/conditions/preview-rule.js";
import { PreviewBodySchema, PreviewResponseSchema } from "../insight/conditions/schemas.js";
import {
  SegmentCreateSchema,
  SegmentMemberSchema,
  SegmentSchema,
  SegmentUpdateSchema,
  SegmentWriteResponseSchema,
} from "./schemas.js";
import {
  checkSegmentRule,
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  updateSegment,
} from "./segment-definitions.js";
import { segmentsReconcileJobName } from "./segment-jobs.js";
import { exportSegmentMembersCsv, listSegmentMembers } from "./segment-members.js";

const tags = ["segments"];

const enqueueReconcile = (tx: Tx, merchantId: string, segmentId: string) =>
  enqueueJob(tx, { name: segmentsReconcileJobName, merchantId, payload: { segmentId } });

export async function segmentRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.post(
    "/api/v1/segments/preview",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Live count of a rule being edited, with the newest 20 matching customers (nothing saved)",
        body: PreviewBodySchema,
        response: { 200: PreviewResponseSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const at = request.body.now ? new Date(request.body.now) : now();
      const started = performance.now();
      return withMerchant(database, merchantId, async (tx) => {
        const rule = await checkSegmentRule(tx, merchantId, request.body.rule);
        const timeZone = await readMerchantTimeZone(tx, merchantId);
        const result = await previewRule(tx, rule, { merchantId, timeZone, now: at });
        return { ...result, timeZone, tookMs: Math.round((performance.now() - started) * 10) / 10 };
      });
    },
  );

  app.get(
    "/api/v1/segments",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Segments with their member counts",
        response: { 200: z.object({ data: z.array(SegmentSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await withMerchant(database, merchantId, (tx) => listSegments(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/segments",
    {
      config: { access: "segments:manage" },
      schema: {
        tags,
        summary: "Save a segment; its membership is filled by a segments.reconcile job",
        body: SegmentCreateSchema,
        response: { 201: SegmentWriteResponseSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const segment = await withMerchant(database, merchantId, async (tx) => {
        const created = await createSegment(tx, merchantId, request.body);
        const reconcileJobId = await enqueueReconcile(tx, merchantId, created.id);
        await recordAudit(tx, merchantId, {
          actor,
          action: "segment.create",
          targetType: "segment",
          targetId: created.id,
          ip: request.ip,
        });
        return { ...created, reconcileJobId };
      });
      return reply.status(201).send(segment);
    },
  );

  app.get(
    "/api/v1/segments/:id",
    {
      config: { access: "customers:read" },
      schema: { tags, summary: "A segment", params: IdParamsSchema, response: { 200: SegmentSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) => getSegment(tx, merchantId, request.params.id));
    },
  );

  app.patch(
    "/api/v1/segments/:id",
    {
      config: { access: "segments:manage" },
      schema: {
        tags,
        summary: "Change a segment; a new rule is reconciled by a segments.reconcile job",
        params: IdParamsSchema,
        body: SegmentUpdateSchema,
        response: { 200: SegmentWriteResponseSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const { segment, ruleChanged } = await updateSegment(tx, merchantId, request.params.id, request.body);
        const reconcileJobId = ruleChanged ? await enqueueReconcile(tx, merchantId, segment.id) : null;
        await recordAudit(tx, merchantId, {
          actor,
          action: "segment.update",
          targetType: "segment",
          targetId: segment.id,
          ip: request.ip,
        });
        return { ...segment, reconcileJobId };
      });
    },
  );

  app.delete(
    "/api/v1/segments/:id",
    {
      config: { access: "segments:manage" },
      schema: { tags, summary: "Delete a segment and its membership", params: IdParamsSchema },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      await withMerchant(database, merchantId, async (tx) => {
        await deleteSegment(tx, merchantId, request.params.id);
        await recordAudit(tx, merchantId, {
          actor,
          action: "segment.delete",
          targetType: "segment",
          targetId: request.params.id,
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/segments/:id/reconcile",
    {
      config: { access: "segments:manage" },
      schema: {
        tags,
        summary: "Reconcile a segment's whole membership now (a segments.reconcile job)",
        params: IdParamsSchema,
        response: { 202: z.object({ jobId: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const jobId = await withMerchant(database, merchantId, async (tx) => {
        await getSegment(tx, merchantId, request.params.id);
        return enqueueReconcile(tx, merchantId, request.params.id);
      });
      return reply.status(202).send({ jobId });
    },
  );

  app.get(
    "/api/v1/segments/:id/customers",
    {
      config: { access: "customers:read" },
      schema: {
        tags,
        summary: "Members of a segment, latest entries first (keyset pages)",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(SegmentMemberSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        await getSegment(tx, merchantId, request.params.id);
        return listSegmentMembers(tx, merchantId, request.params.id, request.query);
      });
    },
  );

  app.get(
    "/api/v1/segments/:id/customers.csv",
    {
      config: { access: "customers:read" },
      schema: { tags, summary: "Members of a segment as a CSV download (streamed)", params: IdParamsSchema },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const { stream } = await exportSegmentMembersCsv(database, merchantId, request.params.id);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="segment-${request.params.id}.csv"`)
        .send(stream);
    },
  );
}
