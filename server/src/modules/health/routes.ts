import { z } from "zod";
import type { App, AppDeps } from "../../http/app-types.js";

const HealthSchema = z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) });

export async function healthRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    "/healthz",
    {
      config: { access: "public" },
      schema: { tags: ["platform"], summary: "Liveness and database kind", response: { 200: HealthSchema } },
    },
    async () => {
      await deps.database.query("select 1");
      return { status: "ok" as const, database: deps.database.kind };
    },
  );
}
