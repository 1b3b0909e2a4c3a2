import type { Tx } from "../../../db/tenant.js";
import { notFound } from "../../../errors.js";
import { isUuid } from "../../../lib/uuid-list.js";
import { removeMember } from "../join-community.js";
import { getChatCommunity } from "./chat-access.js";

/** Staff remove a member from the chat's community (the community service closes their sockets). */
export async function removeChatMember(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
  staffId: string,
  now: Date,
) {
  await getChatCommunity(tx, merchantId, communityId);
  if (!isUuid(customerId)) throw notFound("Member");
  const { left } = await removeMember(tx, merchantId, { communityId, customerId, staffId, now });
  if (!left) throw notFound("Member");
  return { customerId, removed: true };
}
