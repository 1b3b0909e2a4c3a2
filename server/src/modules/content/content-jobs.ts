import { defineJob } from "../../jobs/define-job.js";
import { pruneContentImages } from "./content-images.js";
import { runDueOccurrences, writeDueOccurrences } from "./run-due.js";

/** Every minute (schedule content.run_due, migration 0028): due calendar runs are posted, held or tasked. */
export const runDueJob = defineJob<Record<string, unknown>>({
  name: "content.run_due",
  async run({ database, signal }) {
    const now = new Date();
    let written = 0;
    let ran = 0;
    for (let round = 0; round < 20 && !signal.aborted; round++) {
      const w = await writeDueOccurrences(database, now);
      const r = await runDueOccurrences(database, now);
      written += w;
      ran += r;
      if (w === 0 && r === 0) break;
    }
    return { written, ran };
  },
});

/** Daily (schedule content.images.prune, migration 0032): uploaded images nothing refers to are deleted. */
export const pruneImagesJob = defineJob<Record<string, unknown>>({
  name: "content.images.prune",
  async run({ database }) {
    return { deleted: await pruneContentImages(database, new Date()) };
  },
});
