import { sql } from "drizzle-orm";
import { readAsMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf } from "../../http/request-context.js";
import { matchingCustomersSql } from "../insight/conditions/compile-rule.js";
import { localDate } from "../insight/conditions/local-days.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import { validateRule } from "../insight/conditions/validate-rule.js";
import { checkTagReferences } from "../tags/check-tag-references.js";
import { computePersona } from "./compute-persona.js";
import { PersonaBodySchema, PersonaSchema } from "./schemas.js";

export async function personaRoutes(app: App, { database, now }: AppDeps): Promise<void> {
  app.post(
    "/api/v1/personas",
    {
      config: { access: "insight:read" },
      schema: {
        tags: ["insight"],
        summary: "Who the customers of a rule (segment, layer, tag) are: distributions for charts",
        body: PersonaBodySchema,
        response: { 200: PersonaSchema },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      const rule = request.body.rule === undefined ? null : validateRule(request.body.rule);
      const at = request.body.now ? new Date(request.body.now) : now();
      return readAsMerchant(database, merchantId, async (tx) => {
        const timeZone = await readMerchantTimeZone(tx, merchantId);
        if (rule) await checkTagReferences(tx, merchantId, rule);
        const population = rule
          ? matchingCustomersSql(rule, { merchantId, timeZone, now: at })
          : sql`select c.id as customer_id from customers c where c.merchant_id = ${merchantId}`;
        const asOf = localDate(at, timeZone);
        return { ...(await computePersona(tx, merchantId, population, asOf)), asOf, timeZone };
      });
    },
  );
}
