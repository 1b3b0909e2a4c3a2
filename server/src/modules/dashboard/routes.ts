import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf } from "../../http/request-context.js";
import { dashboardFigures } from "./dashboard.js";

const DashboardSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  customers: z.number().int(),
  newCustomers: z.number().int(),
  orders: z.number().int(),
  gmv: z.number().int(),
  refunded: z.number().int(),
  averageOrderValue: z.number().int(),
  buyers: z.number().int(),
  repurchaseRate: z.number(),
  daily: z.array(
    z.object({
      date: z.string(),
      orders: z.number().int(),
      gmv: z.number().int(),
      newCustomers: z.number().int(),
    }),
  ),
  topCategories: z.array(
    z.object({ category: z.string().nullable(), orders: z.number().int(), gmv: z.number().int() }),
  ),
});

export async function dashboardRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/dashboard",
    {
      config: { access: "dashboard:read" },
      schema: {
        tags: ["dashboard"],
        summary: "Figures for whole days in the shop's time zone (from and to inclusive)",
        querystring: z.object({ from: z.iso.date(), to: z.iso.date() }),
        response: { 200: DashboardSchema },
      },
    },
    async (request) => dashboardFigures(database, contextOf(request).merchantId, request.query),
  );
}
