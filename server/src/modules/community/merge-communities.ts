import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";

/**
 * A merged-away customer's communities become the kept customer's, keeping every counter equal to
 * its joined rows. Where only the duplicate has a membership, the row moves. Where both have one,
 * the kept row wins (a removed kept member stays removed): the duplicate's seat is freed if it was
 * in, unless the kept customer was out, then the kept row takes the duplicate's place. The log,
 * welcomes the kept customer lacks and open invitations follow the person.
 */
export async function mergeCommunities(tx: Tx, merchantId: string, duplicateId: string, keptId: string) {
  // Both in: the duplicate's seat is freed.
  await tx.execute(sql`with freed as (
      update community_members d set status = 'left', left_at = now()
      from community_members k
      where d.merchant_id = ${merchantId} and d.customer_id = ${duplicateId} and d.status = 'joined'
        and k.merchant_id = d.merchant_id and k.community_id = d.community_id and k.customer_id = ${keptId}
        and k.status in ('joined', 'removed')
      returning d.community_id)
    update communities c set member_count = c.member_count - 1
    from freed where c.merchant_id = ${merchantId} and c.id = freed.community_id`);
  // The duplicate in, the kept customer had left: the kept row takes the seat.
  await tx.execute(sql`with moved as (
      update community_members d set status = 'left', left_at = now()
      from community_members k
      where d.merchant_id = ${merchantId} and d.customer_id = ${duplicateId} and d.status = 'joined'
        and k.merchant_id = d.merchant_id and k.community_id = d.community_id and k.customer_id = ${keptId}
        and k.status = 'left'
      returning d.community_id, d.source, d.joined_at, d.rules_accepted_at)
    update community_members k set status = 'joined', left_at = null, source = moved.source,
      joined_at = moved.joined_at, rules_accepted_at = coalesce(k.rules_accepted_at, moved.rules_accepted_at)
    from moved where k.merchant_id = ${merchantId} and k.community_id = moved.community_id
      and k.customer_id = ${keptId}`);
  // Only the duplicate has a row: it moves.
  await tx.execute(sql`update community_members d set customer_id = ${keptId}
    where d.merchant_id = ${merchantId} and d.customer_id = ${duplicateId}
      and not exists (select 1 from community_members k where k.merchant_id = d.merchant_id
        and k.community_id = d.community_id and k.customer_id = ${keptId})`);
  await tx.execute(sql`update community_welcomes d set customer_id = ${keptId}
    where d.merchant_id = ${merchantId} and d.customer_id = ${duplicateId}
      and not exists (select 1 from community_welcomes k where k.merchant_id = d.merchant_id
        and k.community_id = d.community_id and k.customer_id = ${keptId})`);
  await tx.execute(sql`update community_invitations d set status = 'dismissed', responded_at = now()
    where d.merchant_id = ${merchantId} and d.customer_id = ${duplicateId} and d.status = 'pending'
      and exists (select 1 from community_invitations k where k.merchant_id = d.merchant_id
        and k.community_id = d.community_id and k.customer_id = ${keptId} and k.status = 'pending')`);
  await tx.execute(sql`update community_invitations set customer_id = ${keptId}
    where merchant_id = ${merchantId} and customer_id = ${duplicateId}`);
  await tx.execute(sql`update community_membership_log set customer_id = ${keptId}
    where merchant_id = ${merchantId} and customer_id = ${duplicateId}`);
}
