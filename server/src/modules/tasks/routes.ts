import { readAsMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { roleHas, staffOf } from "../../http/access.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { auditedWrite } from "../../http/audited-write.js";
import { IdParamsSchema } from "../../http/request-context.js";
import { pageOf } from "../../lib/pagination.js";
import { TaskListQuerySchema, TaskSchema } from "./schemas.js";
import { listTasks, markTaskDone, type TaskView } from "./staff-tasks.js";
import { absoluteLink } from "./task-webhook.js";

const tags = ["staff tasks"];
// Seeing and closing everybody's tasks goes with managing staff (owners and managers).
const seesAll = (role: Parameters<typeof roleHas>[0]) => roleHas(role, "staff:manage");

const viewOf = (t: TaskView) => ({ ...t, linkUrl: absoluteLink(t.linkUrl) });

export async function staffTaskRoutes(app: App, deps: AppDeps): Promise<void> {
  const { database } = deps;

  app.get(
    "/api/v1/tasks",
    {
      config: { access: "staff" },
      schema: {
        tags,
        summary: "Staff tasks, newest first: mine (default) or all (owners and managers)",
        querystring: TaskListQuerySchema,
        response: { 200: pageOf(TaskSchema) },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const { scope, status, limit, cursor } = request.query;
      if (scope === "all" && !seesAll(staff.role)) {
        throw new AppError("forbidden", "Only owners and managers see everybody's tasks");
      }
      const page = await readAsMerchant(database, staff.merchantId, (tx) =>
        listTasks(tx, staff.merchantId, {
          assigneeStaffId: scope === "mine" ? staff.staffId : undefined,
          status,
          limit,
          cursor,
        }),
      );
      return { ...page, data: page.data.map(viewOf) };
    },
  );

  app.post(
    "/api/v1/tasks/:id/done",
    {
      config: { access: "staff" },
      schema: {
        tags,
        summary: "Mark a task done (your own or unassigned; owners and managers: any)",
        params: IdParamsSchema,
        response: { 200: TaskSchema },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const task = await auditedWrite(
        database,
        request,
        { action: "task.done", targetType: "staff_task", targetId: request.params.id },
        (tx, merchantId) =>
          markTaskDone(
            tx,
            merchantId,
            request.params.id,
            { staffId: staff.staffId, anyTask: seesAll(staff.role) },
            deps.now(),
          ),
      );
      return viewOf(task);
    },
  );
}
