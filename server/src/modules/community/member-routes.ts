import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { memberOf } from "../../http/request-context.js";
import { leaveCommunity } from "./join-community.js";
import { readJoinQr } from "./join-qr.js";
import { acceptInvitation, dismissInvitation } from "./layer-invitations.js";
import { getMemberCommunity, getMemberCommunityHome, joinFromMemberPage } from "./member-communities.js";
import {
  JoinOutcomeSchema,
  MemberCommunityHomeSchema,
  MemberCommunitySchema,
  MemberJoinSchema,
  SourceQuerySchema,
} from "./schemas.js";

const tags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });
const CommunityParams = SlugParams.extend({ id: z.string().uuid() });
const joinErrors =
  "409 community_full; 409 conflict (details.reason removed: staff took you out); 422 unprocessable with details.reason rules_not_accepted (send acceptRules: true), not_in_audience or archived.";

export async function memberCommunityRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/m/:slug/communities",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary:
          "My communities, the ones open to me, my invitations, and what higher layers' communities offer",
        params: SlugParams,
        response: { 200: MemberCommunityHomeSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return readAsMerchant(database, member.merchantId, (tx) =>
        getMemberCommunityHome(tx, member.merchantId, member.customerId, request.params.slug, deps.now()),
      );
    },
  );

  app.get(
    "/api/m/:slug/communities/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "A community page: rules, welcome, join link/QR or the built-in chat route, my membership",
        description:
          "?source=livecode:<id> (or link:<slug>) opens a community to a newcomer a staff channel sent.",
        params: CommunityParams,
        querystring: SourceQuerySchema,
        response: { 200: MemberCommunitySchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return readAsMerchant(database, member.merchantId, (tx) =>
        getMemberCommunity(
          tx,
          member.merchantId,
          member.customerId,
          { communityId: request.params.id, slug: request.params.slug, source: request.query.source },
          deps.now(),
        ),
      );
    },
  );

  app.get(
    "/api/m/:slug/communities/:id/join-qr",
    {
      config: { access: "member" },
      schema: { tags, summary: "The external group's join QR image", params: CommunityParams },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const qr = await readAsMerchant(database, member.merchantId, (tx) =>
        readJoinQr(tx, member.merchantId, request.params.id),
      );
      return reply.type(qr.type).header("cache-control", "private, no-cache").send(qr.bytes);
    },
  );

  for (const action of ["join", "confirm-joined"] as const) {
    app.post(
      `/api/m/:slug/communities/:id/${action}`,
      {
        config: { access: "member" },
        schema: {
          tags,
          summary:
            action === "join"
              ? "Join a community (?source= the channel); the first join brings the welcome gift"
              : "I joined the external group: record it (external platforms only)",
          description: `Joining again while in answers joined false. ${joinErrors}`,
          params: CommunityParams,
          querystring: SourceQuerySchema,
          body: MemberJoinSchema.optional(),
          response: { 200: JoinOutcomeSchema },
        },
      },
      async (request) => {
        const member = memberOf(request);
        return withMerchant(database, member.merchantId, (tx) =>
          joinFromMemberPage(
            tx,
            member.merchantId,
            member.customerId,
            {
              communityId: request.params.id,
              acceptRules: request.body?.acceptRules,
              source: request.query.source,
              confirmExternal: action === "confirm-joined",
            },
            { actor: member, now: deps.now() },
          ),
        );
      },
    );
  }

  app.post(
    "/api/m/:slug/communities/:id/leave",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Leave a community (a later join works again, without a second welcome gift)",
        params: CommunityParams,
        response: { 200: z.object({ left: z.boolean() }) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return withMerchant(database, member.merchantId, (tx) =>
        leaveCommunity(tx, member.merchantId, {
          communityId: request.params.id,
          customerId: member.customerId,
          action: "leave",
          source: "member",
          now: deps.now(),
        }),
      );
    },
  );

  app.post(
    "/api/m/:slug/community-invitations/:id/accept",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Accept an invitation: join its community",
        description: `409 already_done for an invitation already answered. ${joinErrors}`,
        params: CommunityParams,
        body: MemberJoinSchema.optional(),
        response: { 200: JoinOutcomeSchema },
      },
    },
    async (request) => {
      const member = memberOf(request);
      return withMerchant(database, member.merchantId, (tx) =>
        acceptInvitation(tx, member.merchantId, {
          customerId: member.customerId,
          invitationId: request.params.id,
          rulesAccepted: request.body?.acceptRules,
          now: deps.now(),
        }),
      );
    },
  );

  app.post(
    "/api/m/:slug/community-invitations/:id/dismiss",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Dismiss an invitation",
        params: CommunityParams,
        response: { 200: z.object({ dismissed: z.boolean() }) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await withMerchant(database, member.merchantId, (tx) =>
        dismissInvitation(tx, member.merchantId, {
          customerId: member.customerId,
          invitationId: request.params.id,
          now: deps.now(),
        }),
      );
      return { dismissed: true };
    },
  );
}
