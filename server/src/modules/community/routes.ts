import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { auditedWrite } from "../../http/audited-write.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { pageOf } from "../../lib/pagination.js";
import { createCommunity, getCommunity, listCommunities, updateCommunity } from "./communities.js";
import { getCommunityHealth } from "./community-health.js";
import { addCommunityMember, importCommunityMembers, listCommunityMembers } from "./community-members.js";
import { removeMember } from "./join-community.js";
import { listExpiringQrs, maxQrBytes, readJoinQr, saveJoinQr } from "./join-qr.js";
import { listInvitations, listLayerMappings, saveLayerMappings } from "./layer-invitations.js";
import {
  AddMemberSchema,
  type Community,
  CommunityChangeSchema,
  CommunityHealthSchema,
  CommunityInputSchema,
  CommunityListQuerySchema,
  CommunityMemberSchema,
  CommunitySchema,
  ImportReportSchema,
  InvitationListQuerySchema,
  InvitationSchema,
  JoinOutcomeSchema,
  LayerMappingsInputSchema,
  LayerMappingsSchema,
  MemberListQuerySchema,
  QrReminderSchema,
} from "./schemas.js";

const tags = ["communities"];
const access = "community:manage" as const;
const MemberParams = IdParamsSchema.extend({ customerId: z.string().uuid() });
const maxCsvBytes = 1024 * 1024;

const staffIdOf = (request: FastifyRequest) => {
  const { actor } = contextOf(request);
  return actor.kind === "staff" ? actor.staffId : null;
};

export async function communityRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/communities",
    {
      config: { access },
      schema: {
        tags,
        summary: "Communities, newest first (status active by default)",
        querystring: CommunityListQuerySchema,
        response: { 200: z.object({ data: z.array(CommunitySchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const data = await readAsMerchant(database, merchantId, (tx) =>
        listCommunities(tx, merchantId, request.query.status, deps.now()),
      );
      return { data };
    },
  );

  app.post(
    "/api/v1/communities",
    {
      config: { access },
      schema: {
        tags,
        summary: "Create a community",
        description:
          "platform builtin (Quanzi's own chat) or wechat/wecom/qq/other (external: joinUrl and an uploaded QR). capacity null = no cap. welcomePoints and welcomeCouponTemplateId are given on a customer's first join only. monthlyGmvTarget in 分.",
        body: CommunityInputSchema,
        response: { 201: CommunitySchema },
      },
    },
    async (request, reply) => {
      const community = await auditedWrite<Community>(
        database,
        request,
        {
          action: "community.create",
          targetType: "community",
          targetId: (c) => c.id,
          details: { ...request.body },
        },
        (tx, merchantId) => createCommunity(tx, merchantId, request.body, deps.now()),
      );
      return reply.status(201).send(community);
    },
  );

  app.get(
    "/api/v1/communities/qr-reminders",
    {
      config: { access },
      schema: {
        tags,
        summary: "Join QR codes expired or expiring within 24 hours (upload a fresh one)",
        response: { 200: z.object({ data: z.array(QrReminderSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return {
        data: await readAsMerchant(database, merchantId, (tx) => listExpiringQrs(tx, merchantId, deps.now())),
      };
    },
  );

  app.get(
    "/api/v1/communities/layer-mappings",
    {
      config: { access },
      schema: {
        tags,
        summary: "分层运营: which community each layer's customers are invited to",
        response: { 200: LayerMappingsSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listLayerMappings(tx, merchantId)) };
    },
  );

  app.put(
    "/api/v1/communities/layer-mappings",
    {
      config: { access },
      schema: {
        tags,
        summary: "Replace the layer → community map",
        description:
          "A layer maps to one community. New layer.moved events after this invite customers to the mapped community.",
        body: LayerMappingsInputSchema,
        response: { 200: LayerMappingsSchema },
      },
    },
    async (request) => {
      const data = await auditedWrite(
        database,
        request,
        { action: "community.layer_mappings", details: { ...request.body } },
        (tx, merchantId) => saveLayerMappings(tx, merchantId, request.body.data),
      );
      return { data };
    },
  );

  app.get(
    "/api/v1/communities/invitations",
    {
      config: { access },
      schema: {
        tags,
        summary: "Invitations to communities (from layer moves), newest first",
        querystring: InvitationListQuerySchema,
        response: { 200: pageOf(InvitationSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => listInvitations(tx, merchantId, request.query));
    },
  );

  app.get(
    "/api/v1/communities/:id",
    {
      config: { access },
      schema: { tags, summary: "A community", params: IdParamsSchema, response: { 200: CommunitySchema } },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        getCommunity(tx, merchantId, request.params.id, deps.now()),
      );
    },
  );

  app.patch(
    "/api/v1/communities/:id",
    {
      config: { access },
      schema: {
        tags,
        summary: "Change a community; status archived archives it (members stay, no new joins)",
        description: "capacity below the current member count is 409 conflict.",
        params: IdParamsSchema,
        body: CommunityChangeSchema,
        response: { 200: CommunitySchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        {
          action: "community.update",
          targetType: "community",
          targetId: request.params.id,
          details: { ...request.body },
        },
        (tx, merchantId) => updateCommunity(tx, merchantId, request.params.id, request.body, deps.now()),
      ),
  );

  app.get(
    "/api/v1/communities/:id/join-qr",
    { config: { access }, schema: { tags, summary: "The uploaded group QR image", params: IdParamsSchema } },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const qr = await readAsMerchant(database, merchantId, (tx) =>
        readJoinQr(tx, merchantId, request.params.id),
      );
      return reply.type(qr.type).header("cache-control", "private, no-cache").send(qr.bytes);
    },
  );

  app.get(
    "/api/v1/communities/:id/members",
    {
      config: { access },
      schema: {
        tags,
        summary: "Current members, newest join first (q: name or phone fragment)",
        params: IdParamsSchema,
        querystring: MemberListQuerySchema,
        response: { 200: pageOf(CommunityMemberSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        listCommunityMembers(tx, merchantId, request.params.id, request.query),
      );
    },
  );

  app.post(
    "/api/v1/communities/:id/members",
    {
      config: { access },
      schema: {
        tags,
        summary: "Record a member (by customerId or phone), e.g. someone who joined the external group",
        description:
          "Idempotent: a customer already in answers joined false. 409 community_full; 404 not_found for a phone no customer has (details.reason unknown_phone).",
        params: IdParamsSchema,
        body: AddMemberSchema,
        response: { 200: JoinOutcomeSchema },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        {
          action: "community.member_add",
          targetType: "community",
          targetId: request.params.id,
          details: { ...request.body },
        },
        (tx, merchantId) =>
          addCommunityMember(tx, merchantId, request.params.id, request.body, {
            staffId: staffIdOf(request),
            now: deps.now(),
          }),
      ),
  );

  app.delete(
    "/api/v1/communities/:id/members/:customerId",
    {
      config: { access },
      schema: {
        tags,
        summary: "Remove a member (their seat is freed; they cannot rejoin from the member page)",
        params: MemberParams,
        response: { 200: z.object({ left: z.boolean() }) },
      },
    },
    async (request) =>
      auditedWrite(
        database,
        request,
        {
          action: "community.member_remove",
          targetType: "community",
          targetId: request.params.id,
          details: { customerId: request.params.customerId },
        },
        (tx, merchantId) =>
          removeMember(tx, merchantId, {
            communityId: request.params.id,
            customerId: request.params.customerId,
            staffId: staffIdOf(request),
            now: deps.now(),
          }),
      ),
  );

  app.get(
    "/api/v1/communities/:id/health",
    {
      config: { access },
      schema: {
        tags,
        summary:
          "Community health: members, joins/leaves by day, active members, orders and GMV against the target",
        params: IdParamsSchema,
        response: { 200: CommunityHealthSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, (tx) =>
        getCommunityHealth(tx, merchantId, request.params.id, deps.now()),
      );
    },
  );

  // Multipart only in this scope (QR image, member CSV).
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: Math.max(maxQrBytes, maxCsvBytes), files: 1, fields: 3 },
    });
    const api = scope as App;

    api.put(
      "/api/v1/communities/:id/join-qr",
      {
        config: { access },
        schema: {
          tags,
          summary: "Upload the external group's join QR (multipart: file; optional expiresAt)",
          description:
            "PNG, JPEG or WebP up to 2 MB (checked by content). expiresAt defaults to 7 days after upload for WeChat and WeCom group codes; staff are reminded within 24 h of expiry.",
          consumes: ["multipart/form-data"],
          params: IdParamsSchema,
          response: { 200: CommunitySchema },
        },
      },
      async (request) => {
        const form = await readUpload(request, maxQrBytes);
        const expiresAt = form.fields.expiresAt ? parseInstant(form.fields.expiresAt) : null;
        return auditedWrite(
          database,
          request,
          {
            action: "community.join_qr",
            targetType: "community",
            targetId: request.params.id,
            details: { bytes: form.file.length, expiresAt },
          },
          (tx, merchantId) =>
            saveJoinQr(tx, merchantId, request.params.id, { bytes: form.file, expiresAt }, deps.now()),
        );
      },
    );

    api.post(
      "/api/v1/communities/:id/members/import",
      {
        config: { access },
        schema: {
          tags,
          summary: "Record members from a CSV of phones (multipart: file); a report per row",
          description:
            "First column = phone, a header line is skipped, at most 5,000 rows. Each row: joined, already_member, unknown_phone, invalid_phone or community_full; the other rows still join.",
          consumes: ["multipart/form-data"],
          params: IdParamsSchema,
          response: { 200: ImportReportSchema },
        },
      },
      async (request) => {
        const form = await readUpload(request, maxCsvBytes);
        return auditedWrite(
          database,
          request,
          { action: "community.member_import", targetType: "community", targetId: request.params.id },
          (tx, merchantId) =>
            importCommunityMembers(tx, merchantId, request.params.id, form.file.toString("utf8"), {
              staffId: staffIdOf(request),
              now: deps.now(),
            }),
        );
      },
    );
  });
}

function parseInstant(value: string): Date {
  const parsed = z.iso.datetime({ offset: true }).safeParse(value);
  if (!parsed.success) {
    throw new AppError("validation_failed", "expiresAt must be an ISO 8601 time with an offset", {
      issues: [{ path: "expiresAt", message: "an ISO 8601 time" }],
    });
  }
  return new Date(parsed.data);
}

/** The multipart body: the `file` part in memory (capped) and the plain fields. */
async function readUpload(request: FastifyRequest, maxBytes: number) {
  if (!request.isMultipart())
    throw new AppError("bad_request", 'Send multipart/form-data with a "file" part');
  let file: Buffer | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (part.fieldname !== "file" || file) {
        part.file.resume();
        continue;
      }
      file = await part.toBuffer();
      if (file.length > maxBytes) {
        throw new AppError("payload_too_large", `The file is larger than ${maxBytes / 1024 / 1024} MB`);
      }
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file || file.length === 0)
    throw new AppError("validation_failed", 'Attach the file as the multipart field "file"');
  return { file, fields };
}
