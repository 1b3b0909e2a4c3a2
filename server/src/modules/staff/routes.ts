import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { staffOf, staffRoles } from "../../http/access.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { recordAudit } from "../audit/record-audit.js";
import { deleteSessionsOfUserInMerchant } from "../auth/staff-sessions.js";
import { createInvitation, listInvitations, revokeInvitation } from "./invitations.js";
import { listStaff, updateStaffMember } from "./staff-members.js";

const tags = ["staff"];
const access = { access: "staff:manage" as const };

const StaffSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(staffRoles),
  status: z.enum(["active", "disabled"]),
  storeId: z.string().nullable(),
  createdAt: z.date(),
});
const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(staffRoles),
  expiresAt: z.date(),
  acceptedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

export async function staffRoutes(app: App, { database, config }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/staff",
    {
      config: access,
      schema: {
        tags,
        summary: "Staff and their roles",
        response: { 200: z.object({ data: z.array(StaffSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listStaff(tx, merchantId)) };
    },
  );

  app.patch(
    "/api/v1/staff/:id",
    {
      config: access,
      schema: {
        tags,
        summary: "Change a staff member's role, status or store",
        params: IdParamsSchema,
        body: z.strictObject({
          role: z.enum(staffRoles).optional(),
          status: z.enum(["active", "disabled"]).optional(),
          storeId: z.string().uuid().nullable().optional(),
        }),
        response: { 200: StaffSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      const me = staffOf(request);
      const member = await withMerchant(database, merchantId, async (tx) => {
        const updated = await updateStaffMember(tx, merchantId, request.params.id, request.body, me);
        await recordAudit(tx, merchantId, {
          actor,
          action: "staff.update",
          targetType: "staff",
          targetId: updated.id,
          details: request.body,
          ip: request.ip,
        });
        return updated;
      });
      if (member.status === "disabled")
        await deleteSessionsOfUserInMerchant(database, member.userId, merchantId);
      return member;
    },
  );

  app.get(
    "/api/v1/staff/invitations",
    {
      config: access,
      schema: {
        tags,
        summary: "Staff invitations",
        response: { 200: z.object({ data: z.array(InvitationSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listInvitations(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/staff/invitations",
    {
      config: access,
      schema: {
        tags,
        summary: "Invite someone to the staff; the answer carries the accept link (shown once)",
        body: z.strictObject({
          email: z.string().trim().toLowerCase().email(),
          role: z.enum(staffRoles),
          name: z.string().trim().min(1).max(100).optional(),
        }),
        response: { 201: InvitationSchema.extend({ acceptUrl: z.string() }) },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const me = staffOf(request);
      const { invitation, token } = await withMerchant(database, merchantId, async (tx) => {
        if (request.body.role === "owner" && me.role !== "owner") {
          throw new AppError("forbidden", "Only an owner can invite owners");
        }
        const created = await createInvitation(tx, merchantId, request.body, me.staffId);
        await recordAudit(tx, merchantId, {
          actor,
          action: "staff.invite",
          targetType: "invitation",
          targetId: created.invitation.id,
          details: { email: request.body.email, role: request.body.role },
          ip: request.ip,
        });
        return created;
      });
      const origin = config.publicUrl ?? `${request.protocol}://${request.host}`;
      return reply.status(201).send({ ...invitation, acceptUrl: `${origin}/admin/invite/${token}` });
    },
  );

  app.delete(
    "/api/v1/staff/invitations/:id",
    { config: access, schema: { tags, summary: "Withdraw an invitation", params: IdParamsSchema } },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      await withMerchant(database, merchantId, async (tx) => {
        await revokeInvitation(tx, merchantId, request.params.id);
        await recordAudit(tx, merchantId, {
          actor,
          action: "staff.invitation_revoke",
          targetType: "invitation",
          targetId: request.params.id,
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );
}
