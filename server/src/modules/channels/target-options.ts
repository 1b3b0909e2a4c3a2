import type { Tx } from "../../db/tenant.js";
import { listCommunityOptions } from "../community/community-routing.js";
import { listStaffOptions } from "../staff/staff-routing.js";
import { listStoreOptions } from "../stores/store-places.js";

/** What the live-code editor can pick: active communities (with fill and QR expiry), active staff and stores. */
export async function listTargetOptions(tx: Tx, merchantId: string) {
  return {
    communities: await listCommunityOptions(tx, merchantId),
    staff: await listStaffOptions(tx, merchantId),
    stores: await listStoreOptions(tx, merchantId),
  };
}
