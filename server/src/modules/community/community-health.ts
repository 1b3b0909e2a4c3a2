import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import { countPostedRunsByDay } from "../content/content-stats.js";
import { addDays, localDate, startOfLocalDay } from "../insight/conditions/local-days.js";
import { readMerchantTimeZone } from "../insight/conditions/merchant-clock.js";
import { selectLinkClickers } from "../links/link-customers.js";
import { countChatMessagesByDay, selectChatSpeakers } from "./chat/chat-stats.js";
import { getCommunityBrief } from "./communities.js";
import type { CommunityHealth } from "./schemas.js";

/** What makes a member active in the last 7 days. */
export const activeSources = ["orders", "chat", "link_clicks"] as const;

const trendDays = 30;

/** Health of one community: members, joins and leaves by day, active members, orders and GMV against the target. */
export async function getCommunityHealth(
  tx: Tx,
  merchantId: string,
  communityId: string,
  now: Date,
): Promise<CommunityHealth> {
  const community = await getCommunityBrief(tx, merchantId, communityId);
  const timeZone = await readMerchantTimeZone(tx, merchantId);
  const today = localDate(now, timeZone);
  const fromDate = addDays(today, -(trendDays - 1));
  const from = startOfLocalDay(fromDate, timeZone).toISOString();
  const end = startOfLocalDay(addDays(today, 1), timeZone).toISOString();
  const monthStartDate = `${today.slice(0, 7)}-01`;
  const monthStart = startOfLocalDay(monthStartDate, timeZone).toISOString();
  const weekAgoAt = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
  const weekAgo = weekAgoAt.toISOString();

  const logDays = rowsOf<{ date: string; joins: number; leaves: number }>(
    await tx.execute(sql`select to_char((at at time zone ${timeZone})::date, 'YYYY-MM-DD') as date,
        count(*) filter (where action = 'join')::int as joins,
        count(*) filter (where action <> 'join')::int as leaves
      from community_membership_log
      where merchant_id = ${merchantId} and community_id = ${communityId}
        and at >= ${from}::timestamptz and at < ${end}::timestamptz
      group by 1`),
  );
  // Orders count from when the customer (last) joined: what the community may have brought.
  const memberOrders = sql`from orders o join community_members m on m.merchant_id = o.merchant_id
      and m.customer_id = o.customer_id and m.community_id = ${communityId} and m.status = 'joined'
      and o.placed_at >= m.joined_at
    where o.merchant_id = ${merchantId} and o.status <> 'cancelled'`;
  const orderDays = rowsOf<{ date: string; orders: number; gmv: string | number }>(
    await tx.execute(sql`select to_char((o.placed_at at time zone ${timeZone})::date, 'YYYY-MM-DD') as date,
        count(*)::int as orders, coalesce(sum(o.total - o.refunded_amount), 0)::bigint as gmv
      ${memberOrders} and o.placed_at >= ${from}::timestamptz and o.placed_at < ${end}::timestamptz
      group by 1`),
  );
  const [month] = rowsOf<{ orders: number; gmv: string | number }>(
    await tx.execute(sql`select count(*)::int as orders, coalesce(sum(o.total - o.refunded_amount), 0)::bigint as gmv
      ${memberOrders} and o.placed_at >= ${monthStart}::timestamptz and o.placed_at < ${end}::timestamptz`),
  );
  const [active] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from community_members m
      where m.merchant_id = ${merchantId} and m.community_id = ${communityId} and m.status = 'joined'
        and (exists (select 1 from orders o where o.merchant_id = m.merchant_id and o.customer_id = m.customer_id
               and o.placed_at >= ${weekAgo}::timestamptz)
          or m.customer_id in ${selectChatSpeakers(merchantId, communityId, weekAgoAt)}
          or m.customer_id in ${selectLinkClickers(merchantId, weekAgoAt)})`),
  );
  const range = { from: new Date(from), end: new Date(end), timeZone };
  const chatDays = await countChatMessagesByDay(tx, merchantId, communityId, range);
  const runDays = await countPostedRunsByDay(tx, merchantId, communityId, range);
  const chatByDay = new Map(chatDays.map((d) => [d.date, d]));
  const runsByDay = new Map(runDays.map((d) => [d.date, d]));
  // A calendar run counts once: as a run (its chat messages carry origin 'calendar' and are left
  // out of staff posts); external groups' runs are messages the chat never saw.
  const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
  const posts = sum(chatDays, (d) => d.staffPosts) + sum(runDays, (d) => d.runs);
  const promotionalPosts = sum(chatDays, (d) => d.promotionalPosts) + sum(runDays, (d) => d.promotionalRuns);

  const logByDay = new Map(logDays.map((d) => [d.date, d]));
  const ordersByDay = new Map(orderDays.map((d) => [d.date, d]));
  const dates = Array.from({ length: trendDays }, (_, i) => addDays(fromDate, i));
  const gmv = Number(month?.gmv ?? 0);
  const target = community.monthlyGmvTarget;
  return {
    communityId,
    timeZone,
    from: fromDate,
    to: today,
    members: community.memberCount,
    capacity: community.capacity,
    joinsAndLeaves: dates.map((date) => ({
      date,
      joins: logByDay.get(date)?.joins ?? 0,
      leaves: logByDay.get(date)?.leaves ?? 0,
    })),
    activeMembers7d: active?.n ?? 0,
    activeFrom: [...activeSources],
    messagesPerDay: dates.map((date) => ({
      date,
      messages: (chatByDay.get(date)?.messages ?? 0) + (runsByDay.get(date)?.taskRuns ?? 0),
    })),
    posts: { total: posts, promotional: promotionalPosts },
    promotionalShare: posts ? promotionalPosts / posts : 0,
    month: {
      month: monthStartDate.slice(0, 7),
      orders: month?.orders ?? 0,
      gmv,
      target,
      progress: target ? gmv / target : null,
    },
    ordersByDay: dates.map((date) => ({
      date,
      orders: ordersByDay.get(date)?.orders ?? 0,
      gmv: Number(ordersByDay.get(date)?.gmv ?? 0),
    })),
  };
}
