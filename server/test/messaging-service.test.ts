import { createHmac } from "node:crypto";
import http from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { startJobRunner } from "../src/jobs/job-runner.js";
import "../src/jobs/job-definitions.js";
import { mergeCustomers } from "../src/modules/customers/merge-customers.js";
import { checkCommunityPost, recordCommunityPost } from "../src/modules/messaging/community-posts.js";
import { deliverDueMessages } from "../src/modules/messaging/deliver-due.js";
import { updateMessageSettings } from "../src/modules/messaging/message-settings.js";
import type { SendInput } from "../src/modules/messaging/schemas.js";
import { sendMessages } from "../src/modules/messaging/send-messages.js";
import { createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

/** Shanghai wall time (the test shop's zone) as an instant; dates in 2027 so the live job never sees them. */
const local = (wall: string) => new Date(`${wall}+08:00`);

async function seedCustomers(database: Database, merchantId: string, count: number): Promise<string[]> {
  return withSystem(database, async (tx) =>
    rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name, phone)
        select ${merchantId}::uuid, '会员 ' || n, '139' || lpad((floor(random() * 1e8))::text, 8, '0')
        from generate_series(1, ${count}) n returning id`),
    ).map((r) => r.id),
  );
}

const promo = (customerIds: string[], title = "双十二上新"): SendInput => ({
  customerIds,
  category: "promotional",
  title,
  body: "全场八折，仅限今天",
  link: "/m/shop/coupons",
  source: { kind: "test" },
});

describeEachDatabase("messaging service", (use) => {
  let shopA: Awaited<ReturnType<typeof createTestMerchant>>;
  let shopB: Awaited<ReturnType<typeof createTestMerchant>>;
  beforeAll(async () => {
    shopA = await createTestMerchant(use(), "Shop A");
    shopB = await createTestMerchant(use(), "Shop B");
  });

  const send = (merchantId: string, input: SendInput, now: Date) =>
    withMerchant(use(), merchantId, (tx) => sendMessages(tx, merchantId, input, { now }));

  async function messagesOf(merchantId: string, customerId: string) {
    return withSystem(use(), async (tx) =>
      rowsOf<{
        id: string;
        status: string;
        slot_at: Date | string;
        hold_reason: string | null;
        local_day: string;
        local_week: string;
      }>(
        await tx.execute(sql`select id, status, slot_at, hold_reason,
            to_char(slot_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as local_day,
            to_char(date_trunc('week', slot_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as local_week
          from messages where merchant_id = ${merchantId} and customer_id = ${customerId} order by slot_at, id`),
      ),
    );
  }

  it("never gives one customer more than 2 a day or 5 a week under 40 parallel sends", async () => {
    const [customer] = await seedCustomers(use(), shopA.merchant.id, 1);
    const now = local("2027-03-03T10:00:00"); // a Wednesday, outside quiet hours
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(shopA.merchant.id, promo([customer!], `促销 ${i}`), now)),
    );
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(2);
    expect(results.reduce((n, r) => n + r.scheduled, 0)).toBe(38);
    const rows = await messagesOf(shopA.merchant.id, customer!);
    expect(rows).toHaveLength(40);
    const perDay = new Map<string, number>();
    const perWeek = new Map<string, number>();
    for (const r of rows) {
      perDay.set(r.local_day, (perDay.get(r.local_day) ?? 0) + 1);
      perWeek.set(r.local_week, (perWeek.get(r.local_week) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBe(2);
    expect(Math.max(...perWeek.values())).toBe(5);
    // Wed + Thu take 4; Friday the fifth of the week; then Monday next week at 09:00.
    expect(rows.filter((r) => r.status === "delivered").map((r) => r.local_day)).toEqual([
      "2027-03-03",
      "2027-03-03",
    ]);
    expect(rows[4]).toMatchObject({ local_day: "2027-03-05", hold_reason: "daily_cap" });
    expect(rows[5]).toMatchObject({ local_day: "2027-03-08", hold_reason: "daily_cap" });
    for (const r of rows.slice(2)) {
      const wall = new Date(new Date(r.slot_at).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
      expect(wall).toBe("09:00");
    }
  }, 120_000);

  it("keeps the daily cap for 50 customers each sent 6 messages at once", async () => {
    const customers = await seedCustomers(use(), shopA.merchant.id, 50);
    const now = local("2027-03-10T11:00:00");
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        send(shopA.merchant.id, promo(i % 2 ? [...customers].reverse() : customers), now),
      ),
    );
    const counts = await withSystem(use(), async (tx) =>
      rowsOf<{ customer_id: string; n: number }>(
        await tx.execute(sql`select customer_id, count(*)::int as n from messages
          where merchant_id = ${shopA.merchant.id} and customer_id = any(${`{${customers.join(",")}}`}::uuid[])
            and status = 'delivered' group by customer_id`),
      ),
    );
    expect(counts).toHaveLength(50);
    expect(counts.every((c) => c.n === 2)).toBe(true);
  }, 120_000);

  it("holds a promotional message sent in quiet hours and delivers it at 09:00 when the job runs", async () => {
    const [customer] = await seedCustomers(use(), shopA.merchant.id, 1);
    const result = await send(shopA.merchant.id, promo([customer!]), local("2027-04-06T22:30:00"));
    expect(result).toMatchObject({ delivered: 0, scheduled: 1, held: { quiet_hours: 1 } });
    const [held] = await messagesOf(shopA.merchant.id, customer!);
    expect(held).toMatchObject({ status: "scheduled", hold_reason: "quiet_hours" });
    expect(new Date(held!.slot_at)).toEqual(local("2027-04-07T09:00:00"));

    await deliverDueMessages(use(), local("2027-04-07T08:59:59"));
    expect((await messagesOf(shopA.merchant.id, customer!))[0]).toMatchObject({ status: "scheduled" });
    await deliverDueMessages(use(), local("2027-04-07T09:00:00"));
    expect((await messagesOf(shopA.merchant.id, customer!))[0]).toMatchObject({
      status: "delivered",
      hold_reason: null,
    });
  });

  it("re-checks the guard at delivery: after the cap drops to 1, the second held message moves a day", async () => {
    const merchantId = shopB.merchant.id;
    const [customer] = await seedCustomers(use(), merchantId, 1);
    await send(merchantId, promo([customer!], "一"), local("2027-04-13T23:00:00"));
    await send(merchantId, promo([customer!], "二"), local("2027-04-13T23:01:00"));
    await withMerchant(use(), merchantId, (tx) => updateMessageSettings(tx, merchantId, { dailyCap: 1 }));
    // Two runs at once share the work and never deliver both.
    await Promise.all([
      deliverDueMessages(use(), local("2027-04-14T09:00:00")),
      deliverDueMessages(use(), local("2027-04-14T09:00:00")),
    ]);
    const rows = await messagesOf(merchantId, customer!);
    expect(rows.map((r) => [r.status, r.local_day, r.hold_reason])).toEqual([
      ["delivered", "2027-04-14", null],
      ["scheduled", "2027-04-15", "daily_cap"],
    ]);
    await withMerchant(use(), merchantId, (tx) => updateMessageSettings(tx, merchantId, { dailyCap: 2 }));
  });

  it("delivers service messages at once, in quiet hours and over the cap", async () => {
    const [customer] = await seedCustomers(use(), shopA.merchant.id, 1);
    const now = local("2027-05-04T23:30:00");
    for (let i = 0; i < 5; i++) {
      const r = await send(
        shopA.merchant.id,
        { ...promo([customer!]), category: "service", title: "取货码 8841" },
        now,
      );
      expect(r).toMatchObject({ delivered: 1, scheduled: 0 });
    }
  });

  it("refuses another shop's customers and bad input, writing nothing", async () => {
    const [theirs] = await seedCustomers(use(), shopA.merchant.id, 1);
    await expect(send(shopB.merchant.id, promo([theirs!]), new Date())).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      send(shopB.merchant.id, { ...promo([theirs!]), title: "" }, new Date()),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      send(shopB.merchant.id, { ...promo([theirs!]), link: "javascript:alert(1)" }, new Date()),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const [count] = await withSystem(use(), async (tx) =>
      rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from message_sends where merchant_id = ${shopB.merchant.id}`,
        ),
      ),
    );
    expect(count!.n).toBe(2);
    const leaked = await withMerchant(use(), shopB.merchant.id, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from messages`)),
    );
    const ownB = await withSystem(use(), async (tx) =>
      rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from messages where merchant_id = ${shopB.merchant.id}`,
        ),
      ),
    );
    expect(leaked[0]!.n).toBe(ownB[0]!.n);
  });

  it("caps promotional posts per community per day, exactly under 10 parallel checks", async () => {
    const merchantId = shopA.merchant.id;
    const [community] = await withSystem(use(), async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(sql`insert into communities (merchant_id, name, purpose, platform)
          values (${merchantId}, '宝妈群', 'marketing', 'builtin') returning id`),
      ),
    );
    const at = local("2027-06-01T10:00:00");
    const decisions = await Promise.all(
      Array.from({ length: 10 }, () =>
        withMerchant(use(), merchantId, async (tx) => {
          const input = { communityId: community!.id, promotional: true, at };
          const decision = await checkCommunityPost(tx, merchantId, input);
          if (decision.action === "send")
            await recordCommunityPost(tx, merchantId, { ...input, source: "test" });
          return decision;
        }),
      ),
    );
    expect(decisions.filter((d) => d.action === "send")).toHaveLength(3);
    expect(decisions.filter((d) => d.action === "hold" && d.reason === "community_daily_cap")).toHaveLength(
      7,
    );
    const tip = await withMerchant(use(), merchantId, (tx) =>
      checkCommunityPost(tx, merchantId, { communityId: community!.id, promotional: false, at }),
    );
    expect(tip.action).toBe("send");
    await expect(
      withMerchant(use(), shopB.merchant.id, (tx) =>
        checkCommunityPost(tx, shopB.merchant.id, { communityId: community!.id, promotional: true, at }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("moves a merged-away customer's messages to the kept one, whose caps then count them", async () => {
    const merchantId = shopA.merchant.id;
    const [kept, duplicate] = await seedCustomers(use(), merchantId, 2);
    const now = local("2027-08-03T10:00:00");
    await send(merchantId, promo([duplicate!], "给重复档案"), now);
    const both = await send(merchantId, promo([kept!, duplicate!], "两人都收到"), now);
    await withMerchant(use(), merchantId, (tx) => mergeCustomers(tx, merchantId, kept!, duplicate!, "api"));
    const keptRows = await messagesOf(merchantId, kept!);
    expect(keptRows).toHaveLength(2);
    expect((await messagesOf(merchantId, duplicate!)).map((r) => r.id)).toHaveLength(1);
    expect(both.delivered).toBe(2);
    // The kept customer now has two today: the next is held by the daily cap.
    const next = await send(merchantId, promo([kept!], "第三条"), now);
    expect(next).toMatchObject({ delivered: 0, held: { daily_cap: 1 } });
    // An old id of the merged-away customer reaches the kept one, once.
    const viaOldId = await send(merchantId, promo([duplicate!, kept!], "旧编号"), now);
    expect(viaOldId.recipients).toBe(1);
    expect((await messagesOf(merchantId, kept!)).length).toBe(4);
  });

  it("posts each delivered message to the webhook with an HMAC-SHA256 signature, retrying after a failure", async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let failuresLeft = 2;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.statusCode = 503;
        }
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const merchantId = shopB.merchant.id;
    const settings = await withMerchant(use(), merchantId, (tx) =>
      updateMessageSettings(
        tx,
        merchantId,
        { webhookUrl: `http://127.0.0.1:${port}/hook`, guardEnabled: false },
        { allowPrivateWebhooks: true },
      ),
    );
    const secret = settings.webhookSecret!;
    expect(secret).toMatch(/^whsec_/);
    const [customer] = await seedCustomers(use(), merchantId, 1);
    const sent = await send(merchantId, promo([customer!], "会员日"), new Date());
    expect(sent.delivered).toBe(1);
    const runner = startJobRunner(use(), {
      workers: 1,
      pollIntervalMs: 50,
      backoffBaseMs: 100,
      allowPrivateWebhooks: true,
    });
    try {
      const deadline = Date.now() + 30_000;
      while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await runner.stop();
      server.close();
      await withMerchant(use(), merchantId, (tx) =>
        updateMessageSettings(tx, merchantId, { webhookUrl: null, guardEnabled: true }),
      );
    }
    expect(received).toHaveLength(3);
    for (const r of received) {
      const timestamp = r.headers["x-quanzi-timestamp"] as string;
      const expected = createHmac("sha256", secret).update(`${timestamp}.${r.body}`).digest("hex");
      expect(r.headers["x-quanzi-signature"]).toBe(`sha256=${expected}`);
      expect(JSON.parse(r.body)).toMatchObject({
        event: "message.delivered",
        message: { title: "会员日", category: "promotional" },
        customer: { id: customer },
      });
    }
    const log = await withSystem(use(), async (tx) =>
      rowsOf<{ attempt: number; status_code: number }>(
        await tx.execute(sql`select attempt, status_code from message_webhook_deliveries
          where merchant_id = ${merchantId} order by at`),
      ),
    );
    expect(log.map((l) => [l.attempt, l.status_code])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
  }, 60_000);
});

afterAll(() => undefined);
