import { defineJob } from "../../jobs/define-job.js";
import { remindExpiringQrs } from "./join-qr.js";
import { runLayerInvitations } from "./layer-invitations.js";

/** Every minute (migration 0025): new layer.moved events become invitations to the mapped community. */
export const layerInvitationsJob = defineJob<Record<string, unknown>>({
  name: "community.layer_invitations",
  async run({ database }) {
    return runLayerInvitations(database, new Date());
  },
});

/** Every 15 minutes: join QR codes expiring within 24 h get one community.qr_expiring event each. */
export const qrRemindersJob = defineJob<Record<string, unknown>>({
  name: "community.qr_reminders",
  async run({ database }) {
    return { reminded: await remindExpiringQrs(database, new Date()) };
  },
});
