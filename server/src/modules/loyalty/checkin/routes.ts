import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { recordAudit } from "../../audit/record-audit.js";
import { getCustomer } from "../../customers/find-customers.js";
import { checkIn } from "./check-in.js";
import { readCheckinCalendar } from "./checkin-calendar.js";
import { readCheckinSettings, saveCheckinSettings } from "./checkin-settings.js";
import { listCustomerCheckins } from "./list-checkins.js";
import { makeUpCheckin } from "./make-up-checkin.js";
import {
  CheckinCalendarSchema,
  CheckinResultSchema,
  CheckinSchema,
  CheckinSettingsInputSchema,
  CheckinSettingsSchema,
  LocalDateSchema,
  MonthSchema,
} from "./schemas.js";

const adminTags = ["loyalty: check-in"];
const memberTags = ["member page"];
const SlugParams = z.object({ slug: z.string().min(1).max(40) });

function memberOf(request: FastifyRequest) {
  const principal = request.principal;
  if (principal?.kind !== "member") throw new AppError("unauthenticated", "Sign in with your phone");
  return principal;
}

export async function checkinRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/loyalty/checkin/settings",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags: adminTags,
        summary: "Daily check-in (签到有奖) settings: reward schedule and make-up rules",
        response: { 200: CheckinSettingsSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, (tx) => readCheckinSettings(tx, merchantId));
    },
  );

  app.put(
    "/api/v1/loyalty/checkin/settings",
    {
      config: { access: "loyalty:manage" },
      schema: {
        tags: adminTags,
        summary:
          "Replace the check-in settings (applies from the next check-in; past ones keep their reward)",
        body: CheckinSettingsInputSchema,
        response: { 200: CheckinSettingsSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const saved = await saveCheckinSettings(tx, merchantId, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "checkin_settings.update",
          targetType: "checkin_settings",
          details: { enabled: saved.enabled, cycleDays: saved.cycleDays, makeup: saved.makeup },
          ip: request.ip,
        });
        return saved;
      });
    },
  );

  app.get(
    "/api/v1/customers/:id/checkins",
    {
      config: { access: "loyalty:read" },
      schema: {
        tags: adminTags,
        summary: "A customer's check-ins, newest day first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(CheckinSchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return readAsMerchant(database, merchantId, async (tx) => {
        const customer = await getCustomer(tx, merchantId, request.params.id);
        return listCustomerCheckins(tx, merchantId, customer.id, request.query);
      });
    },
  );

  app.get(
    "/api/m/:slug/checkin",
    {
      config: { access: "member" },
      schema: {
        tags: memberTags,
        summary: "My check-in calendar for a month (default: this month), streak and next reward",
        params: SlugParams,
        querystring: z.object({ month: MonthSchema.optional() }),
        response: { 200: CheckinCalendarSchema },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        readCheckinCalendar(tx, merchantId, customerId, { month: request.query.month, now: now() }),
      );
    },
  );

  app.post(
    "/api/m/:slug/checkin",
    {
      config: { access: "member" },
      schema: {
        tags: memberTags,
        summary: "Check in today; a second check-in the same day is 409 already_done",
        params: SlugParams,
        response: { 201: CheckinResultSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const { merchantId, customerId } = member;
      const result = await withMerchant(database, merchantId, (tx) =>
        checkIn(tx, merchantId, customerId, { now: now(), actor: member, source: "member" }),
      );
      return reply.status(201).send(result);
    },
  );

  app.post(
    "/api/m/:slug/checkin/makeup",
    {
      config: { access: "member" },
      schema: {
        tags: memberTags,
        summary: "Make up a missed day (补签) for the shop's points cost",
        params: SlugParams,
        body: z.strictObject({ date: LocalDateSchema }),
        response: { 201: CheckinResultSchema },
      },
    },
    async (request, reply) => {
      const member = memberOf(request);
      const { merchantId, customerId } = member;
      const result = await withMerchant(database, merchantId, (tx) =>
        makeUpCheckin(tx, merchantId, customerId, request.body.date, {
          now: now(),
          actor: member,
          source: "member",
        }),
      );
      return reply.status(201).send(result);
    },
  );
}
