import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import {
  decideCommunityPost,
  type GuardDecision,
  startOfLocalDay,
  startOfNextLocalDay,
} from "./guard-rules.js";
import { getShopMessaging } from "./message-settings.js";

export type CommunityPostInput = { communityId: string; promotional: boolean; at: Date };

/**
 * Whether a post may go into a community at `at` (quiet hours, and the daily cap on promotional
 * posts), or the next time it may. Takes a lock on the community for the rest of the transaction,
 * so a caller that then records the post with recordCommunityPost never lets two posts share the
 * last place of a day.
 */
export async function checkCommunityPost(
  tx: Tx,
  merchantId: string,
  input: CommunityPostInput,
): Promise<GuardDecision> {
  const [community] = rowsOf<{ id: string }>(
    await tx.execute(
      sql`select id from communities where merchant_id = ${merchantId} and id = ${input.communityId}`,
    ),
  );
  if (!community) throw notFound("Community");
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`message-community:${merchantId}:${input.communityId}`}, 0))`,
  );
  const shop = await getShopMessaging(tx, merchantId);
  const from = startOfLocalDay(input.at.getTime(), shop.timeZone);
  const posts = rowsOf<{ at: Date | string }>(
    await tx.execute(sql`select at from message_community_posts
      where merchant_id = ${merchantId} and community_id = ${input.communityId} and promotional
        and at >= ${new Date(from).toISOString()}::timestamptz`),
  ).map((r) => new Date(r.at).getTime());
  return decideCommunityPost({
    settings: shop.settings,
    timeZone: shop.timeZone,
    promotional: input.promotional,
    postsThatDay: (t) => {
      const start = startOfLocalDay(t, shop.timeZone);
      const end = startOfNextLocalDay(t, shop.timeZone);
      return posts.filter((p) => p >= start && p < end).length;
    },
    at: input.at,
  });
}

/** Counts a post the guard let through (at the time it goes), for the community's daily cap. */
export async function recordCommunityPost(
  tx: Tx,
  merchantId: string,
  input: CommunityPostInput & { source: string },
): Promise<void> {
  await tx.execute(sql`insert into message_community_posts (merchant_id, community_id, promotional, at, source)
    values (${merchantId}, ${input.communityId}, ${input.promotional}, ${input.at.toISOString()}::timestamptz,
      ${input.source})`);
}
