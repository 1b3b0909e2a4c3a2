import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { findJobDefinition } from "../src/jobs/define-job.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import "../src/jobs/job-definitions.js";
import { hashToken, randomToken } from "../src/lib/tokens.js";
import { createTestMerchant, testConfig } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Member = { customerId: string; cookie: string };
const local = (wall: string) => new Date(`${wall}+08:00`);

/** Customers with member sessions, made in two statements (the HTTP login is rate limited). */
async function seedMembers(database: Database, merchantId: string, count: number): Promise<Member[]> {
  const tokens = Array.from({ length: count }, () => randomToken(43));
  return withSystem(database, async (tx) => {
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}::uuid, '会员 ' || n from generate_series(1, ${count}) n returning id`),
    ).map((r) => r.id);
    const sessions = ids.map((id, i) => ({ c: id, h: hashToken(tokens[i]!) }));
    await tx.execute(sql`insert into member_sessions (merchant_id, token_hash, customer_id, expires_at)
      select ${merchantId}::uuid, s.h, s.c, now() + interval '1 day'
      from jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) as s(c uuid, h text)`);
    return ids.map((customerId, i) => ({ customerId, cookie: `quanzi_member=${tokens[i]}` }));
  });
}

async function seedSegment(database: Database, merchantId: string, customerIds: string[]): Promise<string> {
  return withSystem(database, async (tx) => {
    const [segment] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into segments (merchant_id, name, rule)
        values (${merchantId}, ${`分组 ${randomToken(6)}`}, '{}'::jsonb) returning id`),
    );
    await tx.execute(sql`insert into segment_members (merchant_id, segment_id, customer_id, entered_at)
      select ${merchantId}::uuid, ${segment!.id}::uuid, c, now() from unnest(${`{${customerIds.join(",")}}`}::uuid[]) c`);
    return segment!.id;
  });
}

describeEachDatabase("messaging API", (use) => {
  let app: App;
  let clock = local("2027-07-06T22:00:00"); // quiet hours in Shanghai
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let otherOwner: StaffClient;

  beforeAll(async () => {
    app = await buildApp({ database: use(), config: testConfig, now: () => clock });
    await app.ready();
    shop = await createTestMerchant(use(), "Shop A");
    other = await createTestMerchant(use(), "Shop B");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
  });

  const member = (m: Member, method: "GET" | "POST", path: string) =>
    app.inject({
      method,
      url: `/api/m/${shop.merchant.slug}${path}`,
      headers: { cookie: m.cookie, "x-requested-with": "quanzi" },
    });
  const content = { category: "promotional", title: "周末上新", body: "新品八折", link: "/m/x/coupons" };

  it("answers the default guard, and saves changes with 4xx for bad values", async () => {
    const res = await owner.call("GET", "/api/v1/messaging/settings");
    expect(res.json()).toEqual({
      guardEnabled: true,
      dailyCap: 2,
      weeklyCap: 5,
      quietHours: { start: "21:00", end: "09:00" },
      communityDailyCap: 3,
      webhookUrl: null,
      webhookSecretSet: false,
      timeZone: "Asia/Shanghai",
    });
    for (const bad of [
      { dailyCap: 0 },
      { quietHours: { start: "25:00", end: "09:00" } },
      { webhookUrl: "ftp://x" },
      { extra: 1 },
    ]) {
      const r = await owner.call("PUT", "/api/v1/messaging/settings", bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json().error.code).toBe("validation_failed");
    }
    const saved = await owner.call("PUT", "/api/v1/messaging/settings", { weeklyCap: 6 });
    expect(saved.json()).toMatchObject({
      weeklyCap: 6,
      dailyCap: 2,
      quietHours: { start: "21:00", end: "09:00" },
    });
    const test = await owner.call("POST", "/api/v1/messaging/webhook/test");
    expect(test.statusCode).toBe(422);
    expect(test.json().error).toMatchObject({ code: "unprocessable", details: { reason: "no_webhook" } });
  });

  it("holds a promotional send in quiet hours, shows why and when in the outbox, and delivers it at 09:00", async () => {
    const [alice, bob] = await seedMembers(use(), shop.merchant.id, 2);
    const preview = await owner.call("POST", "/api/v1/messaging/sends/preview", {
      category: "promotional",
      audience: { kind: "customers", ids: [alice!.customerId, bob!.customerId] },
    });
    expect(preview.json()).toMatchObject({ recipients: 2, sendNow: 0, held: { quiet_hours: 2 } });
    const res = await owner.call("POST", "/api/v1/messaging/sends", {
      ...content,
      audience: { kind: "customers", ids: [alice!.customerId, bob!.customerId] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: "done", recipients: 2, delivered: 0, scheduled: 2 });
    const outbox = await owner.call("GET", `/api/v1/messaging/messages?sendId=${res.json().sendId}`);
    const held = outbox.json().data as {
      status: string;
      hold: { reason: string; until: string; text: Record<string, string> };
    }[];
    expect(held).toHaveLength(2);
    for (const m of held) {
      expect(m.status).toBe("scheduled");
      expect(m.hold.reason).toBe("quiet_hours");
      expect(new Date(m.hold.until)).toEqual(local("2027-07-07T09:00:00"));
      expect(m.hold.text["zh-CN"]).toContain("2027-07-07 09:00");
    }
    expect((await member(alice!, "GET", "/inbox")).json()).toMatchObject({ data: [], unread: 0 });

    // A service message goes at once, even now.
    const service = await owner.call("POST", "/api/v1/messaging/sends", {
      ...content,
      category: "service",
      title: "取货码 5521",
      audience: { kind: "customers", ids: [alice!.customerId] },
    });
    expect(service.json()).toMatchObject({ delivered: 1, scheduled: 0 });

    const { deliverDueMessages } = await import("../src/modules/messaging/deliver-due.js");
    await deliverDueMessages(use(), local("2027-07-07T09:00:00"));
    const inbox = (await member(alice!, "GET", "/inbox")).json();
    expect(inbox.unread).toBe(2);
    expect(inbox.data.map((m: { title: string }) => m.title)).toEqual(["周末上新", "取货码 5521"]);
    const id = inbox.data[0].id as string;
    expect((await member(alice!, "GET", `/inbox/${id}`)).json()).toMatchObject({
      link: "/m/x/coupons",
      readAt: null,
    });
    expect((await member(alice!, "POST", `/inbox/${id}/read`)).json()).toEqual({ unread: 1 });
    expect((await member(alice!, "GET", "/inbox/unread-count")).json()).toEqual({ unread: 1 });
    expect((await member(alice!, "POST", "/inbox/read-all")).json()).toEqual({ unread: 0 });
    // Bob cannot open Alice's message.
    expect((await member(bob!, "GET", `/inbox/${id}`)).statusCode).toBe(404);
    expect((await member(bob!, "GET", "/inbox/not-a-uuid")).statusCode).toBe(400);
  });

  it("sends to a big segment by a job, once per member, holding those over the cap", async () => {
    clock = local("2027-07-08T10:00:00");
    const members = await seedMembers(use(), shop.merchant.id, 2100);
    const segmentId = await seedSegment(
      use(),
      shop.merchant.id,
      members.map((m) => m.customerId),
    );
    // Ten members already had two today: they are held by the daily cap.
    await owner.call("POST", "/api/v1/messaging/sends", {
      ...content,
      audience: { kind: "customers", ids: members.slice(0, 10).map((m) => m.customerId) },
    });
    await owner.call("POST", "/api/v1/messaging/sends", {
      ...content,
      audience: { kind: "customers", ids: members.slice(0, 10).map((m) => m.customerId) },
    });
    const preview = await owner.call("POST", "/api/v1/messaging/sends/preview", {
      category: "promotional",
      audience: { kind: "segment", id: segmentId },
    });
    expect(preview.json()).toMatchObject({ recipients: 2100, sendNow: 2090, held: { daily_cap: 10 } });
    const res = await owner.call("POST", "/api/v1/messaging/sends", {
      ...content,
      audience: { kind: "segment", id: segmentId },
    });
    expect(res.statusCode, res.body).toBe(202);
    const sendId = res.json().sendId as string;
    // The job's work, run twice at once as two server processes would, at the test's clock.
    const { runSegmentSend } = await import("../src/modules/messaging/compose-send.js");
    const placed = await Promise.all([
      runSegmentSend(use(), shop.merchant.id, sendId, () => clock),
      runSegmentSend(use(), shop.merchant.id, sendId, () => clock),
    ]);
    expect(placed[0]! + placed[1]!).toBe(2100);
    const send = (await owner.call("GET", `/api/v1/messaging/sends/${sendId}`)).json();
    expect(send).toMatchObject({ status: "done", recipients: 2100, scheduled: 10, delivered: 2090 });
    // The queued job itself finds nothing left to send: each member is reached once.
    const [job] = await use().query<{ id: number; payload: Record<string, unknown>; merchant_id: string }>(
      "select id, payload, merchant_id from jobs where name = 'messaging.send_segment' and payload->>'sendId' = $1",
      [sendId],
    );
    const definition = findJobDefinition("messaging.send_segment");
    const rerun = await definition!.run({
      database: use(),
      job: job as never,
      payload: job!.payload,
      merchantId: job!.merchant_id,
      log: undefined as never,
      signal: new AbortController().signal,
      reportProgress: async () => {},
    });
    expect(rerun).toEqual({ recipients: 0 });
    const held = await owner.call(
      "GET",
      `/api/v1/messaging/messages?sendId=${sendId}&status=scheduled&limit=20`,
    );
    expect(held.json().data).toHaveLength(10);
    expect(held.json().data[0].hold.reason).toBe("daily_cap");
  }, 180_000);

  it("keeps shops apart and refuses bad input with 4xx, writing nothing", async () => {
    const [mine] = await seedMembers(use(), shop.merchant.id, 1);
    const before = (await otherOwner.call("GET", "/api/v1/messaging/sends")).json().data.length;
    const cross = await otherOwner.call("POST", "/api/v1/messaging/sends", {
      ...content,
      audience: { kind: "customers", ids: [mine!.customerId] },
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.json().error.details.missing).toEqual([mine!.customerId]);
    const bads: [unknown, number, string][] = [
      [
        { ...content, title: "", audience: { kind: "customers", ids: [mine!.customerId] } },
        400,
        "validation_failed",
      ],
      [
        { ...content, category: "spam", audience: { kind: "customers", ids: [mine!.customerId] } },
        400,
        "validation_failed",
      ],
      [
        { ...content, link: "javascript:alert(1)", audience: { kind: "customers", ids: [mine!.customerId] } },
        400,
        "validation_failed",
      ],
      [{ ...content, audience: { kind: "customers", ids: [] } }, 400, "validation_failed"],
      [
        { ...content, audience: { kind: "segment", id: "00000000-0000-4000-8000-000000000000" } },
        404,
        "not_found",
      ],
    ];
    for (const [body, status, code] of bads) {
      const r = await otherOwner.call("POST", "/api/v1/messaging/sends", body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    expect((await otherOwner.call("GET", "/api/v1/messaging/sends")).json().data.length).toBe(before);
    expect((await otherOwner.call("GET", "/api/v1/messaging/messages")).json().data).toEqual([]);
    const mineSends = (await owner.call("GET", "/api/v1/messaging/sends?limit=1")).json().data;
    expect((await otherOwner.call("GET", `/api/v1/messaging/sends/${mineSends[0].id}`)).statusCode).toBe(404);
    expect((await owner.call("GET", "/api/v1/messaging/messages?status=bogus")).statusCode).toBe(400);
    expect((await owner.call("GET", "/api/v1/messaging/messages?cursor=zzz")).statusCode).toBe(400);
    expect((await app.inject({ method: "GET", url: "/api/v1/messaging/messages" })).statusCode).toBe(401);
  });
});
