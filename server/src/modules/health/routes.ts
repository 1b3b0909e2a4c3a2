import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";

const HealthSchema = z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) });
const LiveSchema = z.object({ status: z.literal("ok") });

export async function healthRoutes(app: App, deps: AppDeps): Promise<void> {
  // The process answers at all (a liveness probe): no database round trip, so a slow database does
  // not get a healthy process restarted. Also the cheapest route through the app's own hooks.
  app.get(
    "/livez",
    {
      config: { access: "public" },
      schema: {
        tags: ["platform"],
        summary: "The process is up (no database call)",
        response: { 200: LiveSchema },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/healthz",
    {
      config: { access: "public" },
      schema: {
        tags: ["platform"],
        summary: "Readiness: a database round trip, and the database kind",
        response: { 200: HealthSchema },
      },
    },
    async () => {
      await deps.database.query("select 1");
      return { status: "ok" as const, database: deps.database.kind };
    },
  );
}
