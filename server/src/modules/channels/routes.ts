import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { staffOf } from "../../http/access.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { auditedWrite } from "../../http/audited-write.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { getMerchant } from "../merchants/create-merchant.js";
import { compareChannels, listLiveCodes, listLiveCodeWarnings } from "./live-code-lists.js";
import { archiveLiveCode, createLiveCode, getLiveCode, updateLiveCode } from "./live-codes.js";
import { renderPosterSvg, renderQrPng, renderQrSvg } from "./qr-images.js";
import {
  LiveCodeInputSchema,
  LiveCodeListItemSchema,
  LiveCodeSchema,
  LiveCodeStatsSchema,
  type LiveCodeView,
} from "./schemas.js";
import { getStaffCard, readStaffQr, setOnDuty, setStaffQr, staffQrTypes } from "./staff-cards.js";
import { liveCodeKinds } from "./tables.js";
import { listTargetOptions } from "./target-options.js";

const tags = ["live codes"];
const access = { access: "channels:manage" as const };

const StaffCardSchema = z.object({
  staffId: z.string(),
  onDuty: z.boolean(),
  hasQrImage: z.boolean(),
  qrExpiresAt: z.date().nullable(),
});

const WarningSchema = z.object({
  kind: z.enum(["nearly_full", "qr_expiring"]),
  liveCodeId: z.string(),
  liveCodeName: z.string(),
  targetId: z.string(),
  targetName: z.string(),
  targetKind: z.enum(["community", "staff"]),
  assigned: z.number().optional(),
  capacity: z.number().optional(),
  expiresAt: z.date().optional(),
});

const KindRowSchema = LiveCodeStatsSchema.extend({
  kind: z.enum(liveCodeKinds),
  codes: z.number(),
  cost: z.number(),
});

/** The public origin for QR contents: QUANZI_PUBLIC_URL, else the address the console was reached at. */
const originOf = (publicUrl: string | undefined, request: { protocol: string; host: string }) =>
  (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, "");

/** A capacity lowered below what the code already sent there breaks the table's check. */
function explainCheckViolation(error: unknown): never {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23514") {
      throw new AppError("unprocessable", "A target's capacity is below the newcomers already sent there", {
        field: "targets.capacity",
      });
    }
  }
  throw error;
}

export async function liveCodeRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/live-codes",
    {
      config: access,
      schema: {
        tags,
        summary: "Live codes, newest first, with scans, joins and cost per join",
        querystring: z.object({ status: z.enum(["active", "archived"]).optional() }),
        response: { 200: z.object({ data: z.array(LiveCodeListItemSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await readAsMerchant(database, merchantId, (tx) =>
          listLiveCodes(tx, merchantId, request.query),
        ),
      };
    },
  );

  app.post(
    "/api/v1/live-codes",
    {
      config: access,
      schema: {
        tags,
        summary: "Create a live code with its targets, strategy and time windows",
        description:
          "cost in 分. Targets: {kind: community, communityId} or {kind: staff, staffId}; role primary | backup; capacity (a group defaults to its own), dailyLimit (per local day). strategy schedule: windows [{key, weekdays 0=Sun…6, startMinute, endMinute (before start = past midnight), pick}] and targets name a windowKey; store: targets name a storeId. 400 validation_failed, 422 unprocessable for ids of another shop or none.",
        body: LiveCodeInputSchema,
        response: { 201: LiveCodeSchema },
      },
    },
    async (request, reply) => {
      const code = await auditedWrite<LiveCodeView>(
        database,
        request,
        {
          action: "live_code.create",
          targetType: "live_code",
          targetId: (c) => c.id,
          details: { name: request.body.name },
        },
        (tx, merchantId) => createLiveCode(tx, merchantId, request.body),
      );
      return reply.status(201).send(code);
    },
  );

  app.get(
    "/api/v1/live-codes/attribution",
    {
      config: access,
      schema: {
        tags,
        summary:
          "Channel comparison: every code's scans, joins, first orders, revenue, cost per join, and sums per kind",
        response: {
          200: z.object({ codes: z.array(LiveCodeListItemSchema), kinds: z.array(KindRowSchema) }),
        },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => compareChannels(tx, merchantId));
    },
  );

  app.get(
    "/api/v1/live-codes/options",
    {
      config: access,
      schema: {
        tags,
        summary: "What the editor can route to: active communities, active staff, stores",
        response: {
          200: z.object({
            communities: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                platform: z.string(),
                capacity: z.number().nullable(),
                memberCount: z.number(),
                qrExpiresAt: z.date().nullable(),
              }),
            ),
            staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
            stores: z.array(z.object({ id: z.string(), name: z.string(), city: z.string().nullable() })),
          }),
        },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => listTargetOptions(tx, merchantId));
    },
  );

  app.get(
    "/api/v1/live-codes/warnings",
    {
      config: access,
      schema: {
        tags,
        summary: "Groups past the warning share (open the next one) and QR images expiring within 24 hours",
        response: { 200: z.object({ data: z.array(WarningSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await readAsMerchant(database, merchantId, (tx) =>
          listLiveCodeWarnings(tx, merchantId, deps.now()),
        ),
      };
    },
  );

  app.get(
    "/api/v1/live-codes/:id",
    {
      config: access,
      schema: {
        tags,
        summary: "A live code with its targets' counters",
        params: IdParamsSchema,
        response: { 200: LiveCodeSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        getLiveCode(tx, merchantId, request.params.id, deps.now()),
      );
    },
  );

  app.put(
    "/api/v1/live-codes/:id",
    {
      config: access,
      schema: {
        tags,
        summary: "Change a live code: its settings, windows and targets (targets keep their counters by id)",
        params: IdParamsSchema,
        body: LiveCodeInputSchema,
        response: { 200: LiveCodeSchema },
      },
    },
    async (request) =>
      auditedWrite<LiveCodeView>(
        database,
        request,
        { action: "live_code.update", targetType: "live_code", targetId: request.params.id },
        (tx, merchantId) => updateLiveCode(tx, merchantId, request.params.id, request.body),
      ).catch(explainCheckViolation),
  );

  app.delete(
    "/api/v1/live-codes/:id",
    {
      config: access,
      schema: {
        tags,
        summary: "Archive a live code (its URL then says it is no longer in use)",
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      await auditedWrite(
        database,
        request,
        { action: "live_code.archive", targetType: "live_code", targetId: request.params.id },
        (tx, merchantId) => archiveLiveCode(tx, merchantId, request.params.id),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/live-codes/:id/qr",
    {
      config: access,
      schema: {
        tags,
        summary: "The live code's QR image (PNG or SVG) holding its stable URL",
        params: IdParamsSchema,
        querystring: z.object({
          format: z.enum(["png", "svg"]).default("png"),
          size: z.coerce.number().int().min(128).max(2048).default(512),
          download: z.enum(["0", "1"]).default("0"),
        }),
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const code = await readAsMerchant(database, merchantId, (tx) =>
        getLiveCode(tx, merchantId, request.params.id, deps.now()),
      );
      const url = `${originOf(deps.config.publicUrl, request)}${code.path}`;
      const { format, size, download } = request.query;
      if (download === "1")
        reply.header("content-disposition", `attachment; filename="livecode-${code.code}.${format}"`);
      if (format === "svg") return reply.type("image/svg+xml").send(await renderQrSvg(url));
      return reply.type("image/png").send(await renderQrPng(url, size));
    },
  );

  app.get(
    "/api/v1/live-codes/:id/poster",
    {
      config: access,
      schema: {
        tags,
        summary: "A printable A4 poster (SVG) with the shop name, the code's name, its QR and a line of text",
        params: IdParamsSchema,
        querystring: z.object({
          line: z.string().trim().max(80).optional(),
          download: z.enum(["0", "1"]).default("0"),
        }),
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const [merchant, code] = await Promise.all([
        getMerchant(database, merchantId),
        readAsMerchant(database, merchantId, (tx) =>
          getLiveCode(tx, merchantId, request.params.id, deps.now()),
        ),
      ]);
      const svg = renderPosterSvg({
        shopName: merchant.name,
        codeName: code.name,
        url: `${originOf(deps.config.publicUrl, request)}${code.path}`,
        line: request.query.line || "扫码入群 · 领取入会礼",
      });
      if (request.query.download === "1") {
        reply.header("content-disposition", `attachment; filename="poster-${code.code}.svg"`);
      }
      return reply.type("image/svg+xml").send(svg);
    },
  );

  app.get(
    "/api/v1/channels/me",
    {
      config: { access: "staff" },
      schema: {
        tags,
        summary: "My channel card: on duty, my personal QR and its expiry",
        response: { 200: StaffCardSchema },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      return readAsMerchant(database, staff.merchantId, (tx) =>
        getStaffCard(tx, staff.merchantId, staff.staffId),
      );
    },
  );

  app.put(
    "/api/v1/channels/me/duty",
    {
      config: { access: "staff" },
      schema: {
        tags,
        summary: "Switch myself on or off duty (off duty: live codes route past me)",
        body: z.strictObject({ onDuty: z.boolean() }),
        response: { 200: StaffCardSchema },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      return auditedWrite(
        database,
        request,
        {
          action: "channels.duty",
          targetType: "staff",
          targetId: staff.staffId,
          details: { ...request.body },
        },
        (tx, merchantId) => setOnDuty(tx, merchantId, staff.staffId, request.body.onDuty),
      );
    },
  );

  app.put(
    "/api/v1/channels/me/qr",
    {
      config: { access: "staff" },
      schema: {
        tags,
        summary: "Upload my personal QR image (base64, up to 1 MB) and when it expires",
        body: z.strictObject({
          contentType: z.enum(staffQrTypes),
          imageBase64: z.string().min(8).max(1_400_000),
          expiresAt: z.iso.datetime({ offset: true }).nullable(),
        }),
        response: { 200: StaffCardSchema },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const image = Buffer.from(request.body.imageBase64, "base64");
      if (image.length < 8 || image.length > 1_000_000) {
        throw new AppError("validation_failed", "The image must be base64 of 8 bytes to 1 MB", {
          field: "imageBase64",
        });
      }
      const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
      return auditedWrite(
        database,
        request,
        { action: "channels.qr", targetType: "staff", targetId: staff.staffId },
        (tx, merchantId) =>
          setStaffQr(tx, merchantId, staff.staffId, {
            image,
            contentType: request.body.contentType,
            expiresAt,
          }),
      );
    },
  );

  app.get(
    "/api/v1/channels/staff/:id/qr",
    {
      config: { access: "staff" },
      schema: { tags, summary: "A staff member's personal QR image", params: IdParamsSchema },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const image = await withMerchant(database, staff.merchantId, (tx) =>
        readStaffQr(tx, staff.merchantId, request.params.id),
      );
      if (!image) throw new AppError("not_found", "No QR image");
      return reply.type(image.contentType).send(Buffer.from(image.image));
    },
  );
}
