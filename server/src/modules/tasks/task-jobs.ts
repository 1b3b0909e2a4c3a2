import { defineJob } from "../../jobs/define-job.js";
import { PermanentJobError } from "../../jobs/job-runner.js";
import { runEventTasks } from "./event-tasks.js";
import { taskWebhookJobName } from "./staff-tasks.js";
import { deliverTaskWebhook } from "./task-webhook.js";

/** Every minute (schedule tasks.from_events, migration 0028): QR-expiry and nearly-full events become tasks. */
export const eventTasksJob = defineJob<Record<string, unknown>>({
  name: "tasks.from_events",
  async run({ database }) {
    return runEventTasks(database, new Date());
  },
});

/** One `task.created` post to the shop's sender; failures retry with the runner's backoff. */
export const taskWebhookJob = defineJob<{ taskId?: string }>({
  name: taskWebhookJobName,
  async run({ database, merchantId, payload, allowPrivateWebhooks }) {
    if (!merchantId || !payload.taskId) throw new PermanentJobError("tasks.webhook needs a task");
    const result = await deliverTaskWebhook(database, merchantId, payload.taskId, {
      allowPrivate: allowPrivateWebhooks ?? false,
    });
    return result && { statusCode: result.statusCode, durationMs: result.durationMs };
  },
});
