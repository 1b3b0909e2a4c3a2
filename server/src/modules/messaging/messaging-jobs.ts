import { defineJob } from "../../jobs/define-job.js";
import { PermanentJobError } from "../../jobs/job-runner.js";
import { runSegmentSend, segmentSendJobName } from "./compose-send.js";
import { deliverDueMessages } from "./deliver-due.js";
import { webhookJobName } from "./send-messages.js";
import { deliverMessageWebhook } from "./webhook.js";

/** Every minute (schedule messaging.deliver_due, migration 0023): held messages whose time came. */
export const deliverDueJob = defineJob<Record<string, unknown>>({
  name: "messaging.deliver_due",
  async run({ database, signal }) {
    const batch = 500;
    let seen = 0;
    for (;;) {
      const n = await deliverDueMessages(database, new Date(), batch);
      seen += n;
      if (n < batch || signal.aborted) return { seen };
    }
  },
});

/** One delivered message to the shop's own sender; failures retry with the runner's backoff. */
export const webhookJob = defineJob<{ messageId?: string }>({
  name: webhookJobName,
  async run({ database, merchantId, payload, job, allowPrivateWebhooks }) {
    if (!merchantId || !payload.messageId) throw new PermanentJobError("messaging.webhook needs a message");
    const result = await deliverMessageWebhook(database, merchantId, payload.messageId, job.attempts, {
      allowPrivate: allowPrivateWebhooks ?? false,
    });
    return result && { statusCode: result.statusCode, durationMs: result.durationMs };
  },
});

export const segmentSendJob = defineJob<{ sendId?: string }>({
  name: segmentSendJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId || !payload.sendId) throw new PermanentJobError("messaging.send_segment needs a send");
    return { recipients: await runSegmentSend(database, merchantId, payload.sendId) };
  },
});
