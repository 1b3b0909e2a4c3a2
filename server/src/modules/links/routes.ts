import type { FastifyRequest } from "fastify";
import QRCode from "qrcode";
import { z } from "zod";
import type { Config } from "../../config.js";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { auditedWrite } from "../../http/audited-write.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { getMerchant } from "../merchants/create-merchant.js";
import { linkCacheOf } from "./link-cache.js";
import { getLinkStats } from "./link-stats.js";
import { recountLinkStats } from "./recount-link.js";
import {
  LinkStatsSchema,
  PersonalLinkInputSchema,
  PersonalLinkSchema,
  ShortLinkChangeSchema,
  ShortLinkInputSchema,
  ShortLinkListQuerySchema,
  ShortLinkSchema,
  StatsQuerySchema,
} from "./schemas.js";
import {
  countHits,
  createShortLink,
  getShortLinkRow,
  listShortLinks,
  personaliseShortLink,
  scanPathOf,
  shortLinkOf,
  updateShortLink,
} from "./short-links.js";
import type { ShortLinkRow } from "./tables.js";

const tags = ["short links"];

/** The public origin short URLs are built on: QUANZI_PUBLIC_URL, else the request's own. */
export const publicBaseOf = (config: Config, request: FastifyRequest) =>
  (config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/u, "");

const QrQuerySchema = z.object({
  format: z.enum(["png", "svg"]).default("png"),
  size: z.coerce.number().int().min(128).max(2048).default(512),
});

export async function shortLinkRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database, config } = deps;
  const cache = linkCacheOf(database);

  app.get(
    "/api/v1/short-links",
    {
      config: { access: "links:read" },
      schema: {
        tags,
        summary: "Short links, newest first; q searches title, slug and target",
        querystring: ShortLinkListQuerySchema.extend(PageQuerySchema.shape),
        response: { 200: pageOf(ShortLinkSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const { limit, cursor, ...filter } = request.query;
      const base = publicBaseOf(config, request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const page = await listShortLinks(tx, merchantId, filter, { limit, cursor });
        const counts = await countHits(
          tx,
          merchantId,
          page.data.map((r) => r.id),
        );
        return { ...page, data: page.data.map((r) => shortLinkOf(r, base, counts.get(r.id))) };
      });
    },
  );

  app.post(
    "/api/v1/short-links",
    {
      config: { access: "links:manage" },
      schema: {
        tags,
        summary: "Create a short link (random global slug)",
        description:
          "target: a member-page path (/m/<shop>/…) or an http(s) URL. utm values are set as utm_* on the target at redirect (replacing the target's own of the same name). password is stored hashed.",
        body: ShortLinkInputSchema,
        response: { 201: ShortLinkSchema },
      },
    },
    async (request, reply) => {
      const { password: _password, ...details } = request.body;
      const staffId = request.principal?.kind === "staff" ? request.principal.staffId : null;
      const row = await auditedWrite<ShortLinkRow>(
        database,
        request,
        { action: "short_link.create", targetType: "short_link", targetId: (r) => r.id, details },
        (tx, merchantId) => createShortLink(tx, merchantId, request.body, { staffId, now: deps.now() }),
      );
      return reply.status(201).send(shortLinkOf(row, publicBaseOf(config, request)));
    },
  );

  app.get(
    "/api/v1/short-links/:id",
    {
      config: { access: "links:read" },
      schema: { tags, summary: "A short link", params: IdParamsSchema, response: { 200: ShortLinkSchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const row = await getShortLinkRow(tx, merchantId, request.params.id);
        const counts = await countHits(tx, merchantId, [row.id]);
        return shortLinkOf(row, publicBaseOf(config, request), counts.get(row.id));
      });
    },
  );

  app.patch(
    "/api/v1/short-links/:id",
    {
      config: { access: "links:manage" },
      schema: {
        tags,
        summary: "Change a short link (target, UTM, expiry, password, status); the slug stays",
        params: IdParamsSchema,
        body: ShortLinkChangeSchema,
        response: { 200: ShortLinkSchema },
      },
    },
    async (request) => {
      const { password, ...details } = request.body;
      const row = await auditedWrite<ShortLinkRow>(
        database,
        request,
        {
          action: "short_link.update",
          targetType: "short_link",
          targetId: request.params.id,
          details: { ...details, ...(password !== undefined ? { passwordChanged: true } : {}) },
        },
        (tx, merchantId) => updateShortLink(tx, merchantId, request.params.id, request.body),
      );
      cache.forget(row.slug);
      return shortLinkOf(row, publicBaseOf(config, request));
    },
  );

  app.delete(
    "/api/v1/short-links/:id",
    {
      config: { access: "links:manage" },
      schema: {
        tags,
        summary: "Archive a short link: it answers 410 from now on; its clicks and stats stay",
        params: IdParamsSchema,
        response: { 200: ShortLinkSchema },
      },
    },
    async (request) => {
      const row = await auditedWrite(
        database,
        request,
        { action: "short_link.archive", targetType: "short_link", targetId: request.params.id },
        (tx, merchantId) => updateShortLink(tx, merchantId, request.params.id, { status: "archived" }),
      );
      cache.forget(row.slug);
      return shortLinkOf(row, publicBaseOf(config, request));
    },
  );

  app.post(
    "/api/v1/short-links/:id/personal",
    {
      config: { access: "links:manage" },
      schema: {
        tags,
        summary: "The link personalised for one customer (/s/<slug>/<token>): their clicks name them",
        params: IdParamsSchema,
        body: PersonalLinkInputSchema,
        response: { 200: PersonalLinkSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const personal = await withMerchant(database, merchantId, (tx) =>
        personaliseShortLink(tx, merchantId, request.params.id, request.body.customerId),
      );
      return {
        token: personal.token,
        customerId: personal.customerId,
        url: `${publicBaseOf(config, request)}${personal.path}`,
      };
    },
  );

  app.get(
    "/api/v1/short-links/:id/stats",
    {
      config: { access: "links:read" },
      schema: {
        tags,
        summary:
          "A link's stats: totals, by day (merchant time zone), devices, OS, browsers, referrers, customers, orders after click",
        description:
          "From the per-day rollups, so it stays fast on a link with millions of clicks. Hits not yet flushed (at most ~200 ms old) are not counted yet. orders/revenue: orders by reached customers within windowDays after their first click.",
        params: IdParamsSchema,
        querystring: StatsQuerySchema,
        response: { 200: LinkStatsSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const merchant = await getMerchant(database, merchantId);
      return readAsMerchant(database, merchantId, async (tx) => {
        await getShortLinkRow(tx, merchantId, request.params.id);
        return getLinkStats(tx, merchantId, request.params.id, {
          ...request.query,
          timeZone: merchant.timeZone,
          now: deps.now(),
        });
      });
    },
  );

  app.post(
    "/api/v1/short-links/:id/recount",
    {
      config: { access: "links:manage" },
      schema: {
        tags,
        summary: "Rebuild a link's stats from its raw clicks with the current bot rules",
        params: IdParamsSchema,
        response: { 200: z.object({ reclassified: z.number().int() }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const merchant = await getMerchant(database, merchantId);
      return auditedWrite(
        database,
        request,
        { action: "short_link.recount", targetType: "short_link", targetId: request.params.id },
        async (tx) => {
          await getShortLinkRow(tx, merchantId, request.params.id);
          return recountLinkStats(tx, merchantId, request.params.id, merchant.timeZone);
        },
      );
    },
  );

  app.get(
    "/api/v1/short-links/:id/qr",
    {
      config: { access: "links:read" },
      schema: {
        tags,
        summary: "The QR code of the link's scan URL (scans are counted apart from clicks), PNG or SVG",
        params: IdParamsSchema,
        querystring: QrQuerySchema,
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const row = await readAsMerchant(database, merchantId, (tx) =>
        getShortLinkRow(tx, merchantId, request.params.id),
      );
      const url = `${publicBaseOf(config, request)}${scanPathOf(row.slug)}`;
      const qrOptions = { errorCorrectionLevel: "M" as const, margin: 2, width: request.query.size };
      const filename = `short-link-${row.slug}.${request.query.format}`;
      reply
        .header("content-disposition", `inline; filename="${filename}"`)
        .header("cache-control", "no-cache");
      if (request.query.format === "svg") {
        return reply.type("image/svg+xml").send(await QRCode.toString(url, { ...qrOptions, type: "svg" }));
      }
      return reply.type("image/png").send(await QRCode.toBuffer(url, { ...qrOptions, type: "png" }));
    },
  );
}
