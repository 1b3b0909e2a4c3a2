import { z } from "zod";
import { readAsMerchant } from "../../../db/tenant.js";
import type { App, AppDeps } from "../../../http/app-types.js";
import { auditedWrite } from "../../../http/audited-write.js";
import { contextOf, IdParamsSchema } from "../../../http/request-context.js";
import { type Trigger, TriggerInputSchema, TriggerSchema } from "./schemas.js";
import { deleteTrigger, listTriggers, saveTrigger } from "./triggers.js";

const tags = ["coupons"];

export async function couponTriggerRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/coupon-triggers",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "Automatic issue: which coupons the welcome gift, level-ups, birthdays and check-ins give",
        response: { 200: z.object({ data: z.array(TriggerSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listTriggers(tx, merchantId)) };
    },
  );

  app.put(
    "/api/v1/coupon-triggers",
    {
      config: { access: "promotions:manage" },
      schema: {
        tags,
        summary: "Add or change the trigger for an event and template",
        description:
          "eventType: welcome_gift (once per customer), level_up (once per customer and level reached), birthday (once a year, on the shop's local date), checkin (every check-in). " +
          "The coupons job (every minute) issues for events from the moment the trigger is saved; each coupon is keyed so nothing is issued twice. Audited.",
        body: TriggerInputSchema,
        response: { 200: TriggerSchema },
      },
    },
    async (request) =>
      auditedWrite<Trigger>(
        database,
        request,
        {
          action: "coupon_trigger.save",
          targetType: "coupon_trigger",
          targetId: (t) => t.id,
          details: { ...request.body },
        },
        (tx, merchantId) => saveTrigger(tx, merchantId, request.body, deps.now()),
      ),
  );

  app.delete(
    "/api/v1/coupon-triggers/:id",
    {
      config: { access: "promotions:manage" },
      schema: { tags, summary: "Remove a trigger", params: IdParamsSchema },
    },
    async (request, reply) => {
      await auditedWrite(
        database,
        request,
        { action: "coupon_trigger.delete", targetType: "coupon_trigger", targetId: request.params.id },
        (tx, merchantId) => deleteTrigger(tx, merchantId, request.params.id),
      );
      return reply.status(204).send();
    },
  );
}
