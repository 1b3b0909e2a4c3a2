import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf } from "../../http/request-context.js";
import { dashboardFigures } from "./dashboard.js";
import { DashboardSchema } from "./schemas.js";

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
