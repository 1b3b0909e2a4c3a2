import { z } from "zod";
import { merchantOf } from "../http/access.js";
import type { App, AppDeps } from "../http/app-types.js";
import { getJob } from "./get-job.js";

export const JobSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  attempts: z.number().int(),
  progress: z.object({ done: z.number(), total: z.number().nullable() }).nullable(),
  result: z.unknown(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export async function jobRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    "/api/v1/jobs/:id",
    {
      config: { access: "jobs:read" },
      schema: {
        tags: ["jobs"],
        summary: "A background job's status and progress",
        params: z.object({ id: z.string() }),
        response: { 200: JobSchema },
      },
    },
    async (request) => getJob(deps.database, merchantOf(request), request.params.id),
  );
}
