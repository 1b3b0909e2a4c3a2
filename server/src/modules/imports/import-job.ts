import { AppError } from "../../errors.js";
import { defineJob } from "../../jobs/define-job.js";
import { PermanentJobError } from "../../jobs/job-runner.js";
import { runImport } from "./run-import.js";
import { importJobName } from "./start-import.js";

/** Runs a confirmed import on the job runner; progress is rows read of the estimated total. */
export const importRunJob = defineJob<{ importId: string }>({
  name: importJobName,
  async run({ database, merchantId, payload, reportProgress }) {
    if (!merchantId) throw new PermanentJobError("An import job needs a merchant");
    try {
      return await runImport(database, merchantId, payload.importId, {
        onProgress: (p) => reportProgress({ done: p.processedRows, total: p.estimatedRows }),
      });
    } catch (error) {
      // A bad mapping or a missing file will not get better by retrying.
      if (error instanceof AppError && error.status < 500) throw new PermanentJobError(error.message);
      throw error;
    }
  },
});
