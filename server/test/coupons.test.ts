import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import "../src/jobs/job-definitions.js";
import { startJobRunner } from "../src/jobs/job-runner.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import { recordEvent } from "../src/modules/events/record-events.js";
import { issueRewardCoupon } from "../src/modules/loyalty/checkin/coupon-hook.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { issueLevelCoupon } from "../src/modules/loyalty/levels/level-rewards.js";
import { earnPoints } from "../src/modules/loyalty/points/earn-points.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import { runBulkIssue } from "../src/modules/promotions/coupons/bulk-issue.js";
import { generateBatchCodes } from "../src/modules/promotions/coupons/code-batches.js";
import {
  codeAlphabet,
  formatCouponCode,
  normaliseCouponCode,
  randomCouponCode,
} from "../src/modules/promotions/coupons/coupon-codes.js";
import { runCouponTriggers } from "../src/modules/promotions/coupons/run-triggers.js";
import { couponValidity } from "../src/modules/promotions/coupons/validity.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

describe("coupon codes and validity (pure)", () => {
  it("draws 12 symbols from the unambiguous alphabet and reads typed codes back", () => {
    const codes = new Set(Array.from({ length: 2000 }, randomCouponCode));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${codeAlphabet}]{12}$`));
    expect(codeAlphabet).not.toMatch(/[01OI]/);
    const code = [...codes][0] as string;
    expect(normaliseCouponCode(formatCouponCode(code).toLowerCase().replaceAll(" ", "-"))).toBe(code);
    expect(normaliseCouponCode("ABCD-EFGH-JKL0")).toBeNull();
    expect(normaliseCouponCode("ABCD")).toBeNull();
  });

  it.each([
    ["2026-11-30T15:59:59Z", 1, "Asia/Shanghai", "2026-11-30T16:00:00.000Z"],
    ["2026-11-30T16:00:00Z", 1, "Asia/Shanghai", "2026-12-01T16:00:00.000Z"],
    ["2026-11-30T02:00:00Z", 7, "Asia/Shanghai", "2026-12-06T16:00:00.000Z"],
    ["2026-10-31T12:00:00Z", 2, "America/New_York", "2026-11-02T05:00:00.000Z"],
  ])("a coupon issued at %s valid %i day(s) in %s ends at %s", (at, days, zone, until) => {
    const validity = couponValidity(
      { validFrom: null, validUntil: null, validDays: days },
      new Date(at),
      zone,
    );
    expect(validity.validFrom.toISOString()).toBe(new Date(at).toISOString());
    expect(validity.validUntil.toISOString()).toBe(until);
  });
});

const rule = { kind: "threshold", tiers: [{ minSpend: 10000, amountOff: 1000 }] };
const fixed = { type: "fixed", validUntil: "2099-01-01T00:00:00Z" };

describeEachDatabase("coupons", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let owner: StaffClient;
  let phones = 0;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(() => app.close());

  const merchantId = () => shop.merchant.id;

  /** The owner's session, with extra headers (an Idempotency-Key) when given. */
  const send = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as "GET",
      url,
      payload: payload as object | undefined,
      headers: { cookie: owner.cookie, "x-csrf-token": owner.csrfToken, ...headers },
    });

  async function newCustomer(target: Shop = shop): Promise<string> {
    phones += 1;
    const phone = `1370000${String(phones).padStart(4, "0")}`;
    const { id } = await withMerchant(use(), target.merchant.id, (tx) =>
      findOrCreateCustomer(tx, target.merchant.id, { phone }, { source: "api" }),
    );
    return id;
  }

  async function newMember(target: Shop = shop) {
    const id = await newCustomer(target);
    const token = await createMemberSession(use(), target.merchant.id, id);
    const headers = { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" };
    const base = `/api/m/${target.merchant.slug}`;
    return {
      id,
      centre: () => app.inject({ method: "GET", url: `${base}/coupon-centre`, headers }),
      claim: (templateId: string, key: string = randomUUID()) =>
        app.inject({
          method: "POST",
          url: `${base}/coupon-centre/${templateId}/claim`,
          headers: { ...headers, "idempotency-key": key },
        }),
      coupons: (status = "available") =>
        app.inject({ method: "GET", url: `${base}/coupons?status=${status}`, headers }),
      bind: (code: string) =>
        app.inject({ method: "POST", url: `${base}/coupons/bind`, headers, payload: { code } }),
    };
  }

  async function createTemplate(body: Record<string, unknown> = {}) {
    const res = await send("POST", "/api/v1/coupon-templates", {
      name: "满100减10",
      rule,
      validity: fixed,
      claimable: true,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; issued: number; remaining: number | null };
  }

  async function count(query: ReturnType<typeof sql>): Promise<number> {
    return withSystem(use(), async (tx) => rowsOf<{ n: number }>(await tx.execute(query))[0]?.n ?? 0);
  }
  const couponsOfTemplate = (templateId: string) =>
    count(sql`select count(*)::int as n from coupons where template_id = ${templateId}`);
  const issuedCounter = (templateId: string) =>
    count(sql`select issued_count as n from coupon_templates where id = ${templateId}`);

  it("creates, reads, changes and deletes a template, naming the field of a bad one", async () => {
    const created = await createTemplate({ stock: 10, validity: { type: "days_after_issue", days: 7 } });
    const got = await send("GET", `/api/v1/coupon-templates/${created.id}`);
    expect(got.json()).toMatchObject({
      summary: "满100减10",
      stock: 10,
      issued: 0,
      remaining: 10,
      status: "active",
    });
    expect(got.json().validity).toEqual({ type: "days_after_issue", days: 7 });
    const paused = await send("PATCH", `/api/v1/coupon-templates/${created.id}`, { status: "paused" });
    expect(paused.json().status).toBe("paused");
    const bad = await send("POST", "/api/v1/coupon-templates", {
      name: "x",
      rule: { kind: "threshold", tiers: [{ minSpend: 100, amountOff: 500 }] },
      validity: fixed,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    expect(JSON.stringify(bad.json().error.details.issues)).toContain("tiers");
    const badDates = await send("POST", "/api/v1/coupon-templates", {
      name: "x",
      rule,
      validity: { type: "fixed", validFrom: "2099-02-01T00:00:00Z", validUntil: "2099-01-01T00:00:00Z" },
    });
    expect(badDates.statusCode).toBe(400);
    expect(badDates.json().error.details.issues[0].path).toBe("body.validity.validUntil");
    const badAudience = await send("POST", "/api/v1/coupon-templates", {
      name: "x",
      rule,
      validity: fixed,
      audience: { kind: "segment", id: randomUUID() },
    });
    expect(badAudience.statusCode).toBe(400);
    expect(badAudience.json().error.details.issues[0].path).toBe("body.audience.id");
    const deleted = await send("DELETE", `/api/v1/coupon-templates/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await send("GET", `/api/v1/coupon-templates/${created.id}`)).statusCode).toBe(404);
  });

  it("keeps the per-customer limit under 30 parallel claims of one member", async () => {
    const template = await createTemplate({ perCustomerLimit: 3 });
    const member = await newMember();
    const results = await Promise.all(Array.from({ length: 30 }, () => member.claim(template.id)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(27);
    expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe("limit_reached");
    expect(await couponsOfTemplate(template.id)).toBe(3);
    expect(await issuedCounter(template.id)).toBe(3);
    const centre = (await member.centre()).json().data.find((t: { id: string }) => t.id === template.id);
    expect(centre).toMatchObject({
      claimed: 3,
      myRemaining: 0,
      available: false,
      unavailableReason: "limit_reached",
    });
  });

  it("never issues more than the stock under 200 parallel claims of many members", async () => {
    const template = await createTemplate({ stock: 50, perCustomerLimit: 1 });
    const members = await Promise.all(Array.from({ length: 200 }, () => newMember()));
    const results = await Promise.all(members.map((m) => m.claim(template.id)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe("out_of_stock");
    expect(await couponsOfTemplate(template.id)).toBe(50);
    expect(await issuedCounter(template.id)).toBe(50);
    const codes = await count(
      sql`select count(distinct code)::int as n from coupons where template_id = ${template.id}`,
    );
    expect(codes).toBe(50);
  });

  it("answers the same claim key with the first coupon and issues it once", async () => {
    const template = await createTemplate();
    const member = await newMember();
    const key = randomUUID();
    const first = await member.claim(template.id, key);
    expect(first.statusCode).toBe(201);
    const [again, twin] = await Promise.all([member.claim(template.id, key), member.claim(template.id, key)]);
    expect(again.statusCode).toBe(200);
    expect(twin.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await couponsOfTemplate(template.id)).toBe(1);
    const otherTemplate = await createTemplate();
    const conflict = await member.claim(otherTemplate.id, key);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe("idempotency_conflict");
    const mine = (await member.coupons()).json().data;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ summary: "满100减10", status: "available", templateId: template.id });
    expect(mine[0].code).toMatch(/^[A-Z2-9]{12}$/);
  });

  it("issues the loyalty rewards' coupons for real, once per reward key, and records what it cannot issue", async () => {
    const template = await createTemplate({ claimable: false, perCustomerLimit: 5 });
    const customer = await newCustomer();
    const give = () =>
      withMerchant(use(), merchantId(), async (tx) => {
        await issueRewardCoupon(tx, merchantId(), {
          customerId: customer,
          spec: { templateId: template.id, quantity: 2 },
          reason: "checkin",
          rewardKey: `checkin:${customer}:2026-12-03`,
          source: "member",
        });
        await issueLevelCoupon(tx, merchantId(), {
          customerId: customer,
          levelId: randomUUID(),
          spec: { templateId: template.id, quantity: 1 },
          rewardKey: `level-reward:${customer}:gold`,
        });
      });
    await give();
    await give();
    const rows = await withSystem(use(), async (tx) =>
      rowsOf<{ issue_key: string; source: string }>(
        await tx.execute(
          sql`select issue_key, source from coupons where customer_id = ${customer} order by issue_key, issue_seq`,
        ),
      ),
    );
    expect(rows).toEqual([
      { issue_key: `checkin:${customer}:2026-12-03`, source: "trigger:checkin" },
      { issue_key: `checkin:${customer}:2026-12-03`, source: "trigger:checkin" },
      { issue_key: `level-reward:${customer}:gold`, source: "trigger:level_up" },
    ]);
    expect(await issuedCounter(template.id)).toBe(3);
    const dueEvents = sql`select count(*)::int as n from events where customer_id = ${customer} and type = 'coupon.due'`;
    expect(await count(dueEvents)).toBe(0);

    await send("PATCH", `/api/v1/coupon-templates/${template.id}`, { status: "paused" });
    await withMerchant(use(), merchantId(), (tx) =>
      issueRewardCoupon(tx, merchantId(), {
        customerId: customer,
        spec: { templateId: template.id, quantity: 1 },
        reason: "welcome_gift",
        rewardKey: `welcome:${customer}`,
        source: "member",
      }),
    );
    expect(await count(dueEvents)).toBe(1);
    const [due] = await withSystem(use(), async (tx) =>
      rowsOf<{ properties: Record<string, unknown> }>(
        await tx.execute(
          sql`select properties from events where customer_id = ${customer} and type = 'coupon.due'`,
        ),
      ),
    );
    expect(due?.properties).toMatchObject({ unissued: "paused", rewardKey: `welcome:${customer}` });
    expect(await couponsOfTemplate(template.id)).toBe(3);
  });

  it("hands over a points-mall coupon item by issuing its coupons, and fails the exchange when it cannot", async () => {
    const template = await createTemplate({ claimable: false, stock: 2 });
    const customer = await newCustomer();
    await withMerchant(use(), merchantId(), (tx) =>
      earnPoints(tx, merchantId(), {
        customerId: customer,
        points: 1000,
        idempotencyKey: `test:${randomUUID()}`,
        reason: { code: "api_earn" },
        source: "test",
        actor: { kind: "system", name: "test" },
      }),
    );
    const item = await send("POST", "/api/v1/mall/items", {
      kind: "coupon",
      name: "10元券",
      pointsPrice: 100,
      couponSpec: { templateId: template.id, quantity: 1 },
    });
    expect(item.statusCode, item.body).toBe(201);
    const exchange = (quantity: number) =>
      app.inject({
        method: "POST",
        url: "/api/v1/mall/exchanges",
        headers: { ...bearer(shop.apiKey), "idempotency-key": randomUUID() },
        payload: { customerId: customer, itemId: item.json().id, quantity },
      });
    const done = await exchange(2);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().status).toBe("verified");
    const keys = await withSystem(use(), async (tx) =>
      rowsOf<{ issue_key: string }>(
        await tx.execute(sql`select distinct issue_key from coupons where template_id = ${template.id}`),
      ).map((r) => r.issue_key),
    );
    expect(keys).toEqual([`mall:${done.json().id}`]);
    expect(await couponsOfTemplate(template.id)).toBe(2);
    const refused = await exchange(1);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("out_of_stock");
    const points = await withMerchant(use(), merchantId(), (tx) =>
      walletBalance(tx, merchantId(), customer, "points"),
    );
    expect(points.available).toBe(800);
  });

  /** n new customers in a new segment of this shop (arranged in SQL: the segment's rule is not the point here). */
  async function seedSegment(n: number): Promise<{ segmentId: string; customerIds: string[] }> {
    return withSystem(use(), async (tx) => {
      const customerIds = rowsOf<{ id: string }>(
        await tx.execute(sql`insert into customers (merchant_id, name)
          select ${merchantId()}, 'bulk ' || g from generate_series(1, ${n}::int) g returning id`),
      ).map((r) => r.id);
      const [segment] = rowsOf<{ id: string }>(
        await tx.execute(sql`insert into segments (merchant_id, name, rule)
          values (${merchantId()}, ${`seg ${randomUUID()}`}, '{"all":[]}') returning id`),
      );
      await tx.execute(sql`insert into segment_members (merchant_id, segment_id, customer_id, entered_at)
        select ${merchantId()}, ${segment!.id}, c.id, now() from customers c
        where c.merchant_id = ${merchantId()} and c.id = any(${`{${customerIds.join(",")}}`}::uuid[])`);
      return { segmentId: segment!.id, customerIds };
    });
  }

  const startBulk = (body: Record<string, unknown>, key: string = randomUUID()) =>
    send("POST", "/api/v1/coupon-bulk-issues", body, { "idempotency-key": key });

  it("issues to a segment of 3,000 in chunks, resumes after a failure without duplicates, and shows progress", async () => {
    const { segmentId, customerIds } = await seedSegment(3000);
    const template = await createTemplate({ claimable: false, perCustomerLimit: 1 });
    const already = customerIds.slice(0, 10);
    const manual = await send(
      "POST",
      "/api/v1/coupons/issue",
      { templateId: template.id, customerIds: already },
      { "idempotency-key": randomUUID() },
    );
    expect(manual.json().results.every((r: { issued: boolean }) => r.issued)).toBe(true);
    const key = randomUUID();
    const started = await startBulk({ templateId: template.id, segmentId }, key);
    expect(started.statusCode, started.body).toBe(201);
    const run = started.json();
    expect(run).toMatchObject({ status: "queued", processed: 0, issued: 0 });
    const replay = await startBulk({ templateId: template.id, segmentId }, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().id).toBe(run.id);
    const progress: number[] = [];
    await expect(
      runBulkIssue(use(), merchantId(), run.id, {
        chunkSize: 700,
        failAfterChunks: 2,
        onProgress: async (p) => {
          progress.push(p.done);
        },
      }),
    ).rejects.toThrow("simulated failure");
    const midway = (await send("GET", `/api/v1/coupon-bulk-issues/${run.id}`)).json();
    expect(midway).toMatchObject({ status: "running", total: 3000, processed: 1400 });
    expect(progress).toEqual([700, 1400]);
    const done = await runBulkIssue(use(), merchantId(), run.id, { chunkSize: 700 });
    expect(done).toMatchObject({
      status: "succeeded",
      total: 3000,
      processed: 3000,
      issued: 2990,
      skipped: 10,
    });
    const perCustomer = await count(sql`select count(*)::int as n from (select customer_id from coupons
      where template_id = ${template.id} group by customer_id having count(*) > 1) d`);
    expect(perCustomer).toBe(0);
    expect(await couponsOfTemplate(template.id)).toBe(3000);
    expect(await issuedCounter(template.id)).toBe(3000);
    const again = await runBulkIssue(use(), merchantId(), run.id, { chunkSize: 700 });
    expect(again.issued).toBe(2990);
    expect(await couponsOfTemplate(template.id)).toBe(3000);
  });

  it("stops a bulk issue when the stock runs out, never issuing past it", async () => {
    const { segmentId } = await seedSegment(300);
    const template = await createTemplate({ claimable: false, stock: 100 });
    const started = await startBulk({ templateId: template.id, segmentId, quantity: 2 });
    const done = await runBulkIssue(use(), merchantId(), started.json().id, { chunkSize: 120 });
    expect(done).toMatchObject({ status: "stopped", stopReason: "out_of_stock", issued: 100 });
    expect(await couponsOfTemplate(template.id)).toBe(100);
    expect(await issuedCounter(template.id)).toBe(100);
  });

  it("generates a batch of unique codes, exports them, and lets a member bind one once", async () => {
    const template = await createTemplate({ claimable: false, stock: 6000, perCustomerLimit: 1 });
    const created = await send(
      "POST",
      "/api/v1/coupon-batches",
      { templateId: template.id, name: "双11 海报", quantity: 5000 },
      { "idempotency-key": randomUUID() },
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(await issuedCounter(template.id)).toBe(5000);
    const tooMany = await send(
      "POST",
      "/api/v1/coupon-batches",
      { templateId: template.id, name: "more", quantity: 1001 },
      { "idempotency-key": randomUUID() },
    );
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error.code).toBe("out_of_stock");
    const batch = await generateBatchCodes(use(), merchantId(), created.json().id, { chunkSize: 2000 });
    expect(batch).toMatchObject({ status: "ready", generated: 5000 });
    const stats = await withSystem(use(), async (tx) =>
      rowsOf<{ n: number; codes: number; unassigned: number }>(
        await tx.execute(sql`select count(*)::int as n, count(distinct code)::int as codes,
          count(*) filter (where customer_id is null)::int as unassigned from coupons where batch_id = ${batch.id}`),
      ),
    );
    expect(stats[0]).toEqual({ n: 5000, codes: 5000, unassigned: 5000 });
    const csv = await send("GET", `/api/v1/coupon-batches/${batch.id}/codes.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(5001);
    const code = lines[1]!.split(",")[1]!;
    expect(code).toMatch(/^[A-Z2-9]{12}$/);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[1])).size).toBe(5000);
    const member = await newMember();
    const bound = await member.bind(code.toLowerCase().replace(/(.{4})/g, "$1-"));
    expect(bound.statusCode, bound.body).toBe(201);
    expect(bound.json().code).toBe(code);
    expect((await member.bind(code)).statusCode).toBe(200);
    const rival = await newMember();
    const taken = await rival.bind(code);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("already_done");
    const second = await member.bind(lines[2]!.split(",")[1]!);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("limit_reached");
    expect((await member.bind("ZZZZ-ZZZZ-ZZZZ")).statusCode).toBe(404);
    expect((await member.coupons()).json().data.map((c: { code: string }) => c.code)).toEqual([code]);
  });

  it("offers an audience's coupon only to its members", async () => {
    const { segmentId } = await seedSegment(1);
    const template = await createTemplate({ audience: { kind: "segment", id: segmentId } });
    const outsider = await newMember();
    expect((await outsider.centre()).json().data.some((t: { id: string }) => t.id === template.id)).toBe(
      false,
    );
    const refused = await outsider.claim(template.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.reason).toBe("not_in_audience");
    const insider = await newMember();
    await withSystem(use(), (tx) =>
      tx.execute(sql`insert into segment_members (merchant_id, segment_id, customer_id, entered_at)
        values (${merchantId()}, ${segmentId}, ${insider.id}, now())`),
    );
    expect((await insider.centre()).json().data.some((t: { id: string }) => t.id === template.id)).toBe(true);
    expect((await insider.claim(template.id)).statusCode).toBe(201);
    expect(await couponsOfTemplate(template.id)).toBe(1);
  });

  it("issues a trigger's coupons for new events and birthdays, once each", async () => {
    const template = await createTemplate({ claimable: false });
    const saved = await send("PUT", "/api/v1/coupon-triggers", {
      eventType: "checkin",
      templateId: template.id,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const kept = await send("DELETE", `/api/v1/coupon-templates/${template.id}`);
    expect(kept.statusCode).toBe(409);
    expect(kept.json().error.code).toBe("conflict");
    const birthday = await send("PUT", "/api/v1/coupon-triggers", {
      eventType: "birthday",
      templateId: template.id,
      quantity: 2,
    });
    expect(birthday.statusCode).toBe(200);
    const customer = await newCustomer();
    const now = new Date();
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: shop.merchant.timeZone }).format(now);
    await withSystem(use(), (tx) =>
      tx.execute(
        sql`update customers set birthday = ${`1990-${today.slice(5)}`}::date where id = ${customer}`,
      ),
    );
    await withMerchant(use(), merchantId(), (tx) =>
      recordEvent(tx, merchantId(), {
        customerId: customer,
        type: "checkin.done",
        source: "member",
        occurredAt: now,
      }),
    );
    const later = new Date(now.getTime() + 1000);
    expect(await runCouponTriggers(use(), merchantId(), later)).toEqual({ issued: 2, refused: 0 });
    expect(await runCouponTriggers(use(), merchantId(), new Date(later.getTime() + 1000))).toEqual({
      issued: 0,
      refused: 0,
    });
    const sources = await withSystem(use(), async (tx) =>
      rowsOf<{ source: string; n: number }>(
        await tx.execute(sql`select source, count(*)::int as n from coupons where customer_id = ${customer}
          group by source order by source`),
      ),
    );
    expect(sources).toEqual([
      { source: "trigger:birthday", n: 2 },
      { source: "trigger:checkin", n: 1 },
    ]);
  });

  it("gives a level-up coupon for a level reached, not for a new customer's placement at the entry level", async () => {
    const template = await createTemplate({ claimable: false });
    await send("PUT", "/api/v1/coupon-triggers", { eventType: "level_up", templateId: template.id });
    const levels = await withSystem(use(), async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(sql`insert into member_levels (merchant_id, position, name, name_en, threshold)
          values (${merchantId()}, 1, '普通', 'Basic', 0), (${merchantId()}, 2, '金卡', 'Gold', 100000)
          returning id`),
      ).map((r) => r.id),
    );
    const [entry, gold] = levels as [string, string];
    const newcomer = await newCustomer();
    const climber = await newCustomer();
    const now = new Date();
    const placed = (customerId: string, from: string | null, to: string) =>
      withMerchant(use(), merchantId(), (tx) =>
        recordEvent(tx, merchantId(), {
          customerId,
          type: "level.changed",
          properties: { fromLevelId: from, toLevelId: to, reason: "upgrade" },
          source: "system",
          occurredAt: now,
        }),
      );
    await placed(newcomer, null, entry);
    await placed(climber, entry, gold);
    expect(await runCouponTriggers(use(), merchantId(), new Date(now.getTime() + 1000))).toMatchObject({
      issued: 1,
    });
    const owners = await withSystem(use(), async (tx) =>
      rowsOf<{ customer_id: string }>(
        await tx.execute(sql`select customer_id from coupons where template_id = ${template.id}`),
      ).map((r) => r.customer_id),
    );
    expect(owners).toEqual([climber]);
  });

  it("keeps shops apart: another shop's member, staff and codes see nothing of this one", async () => {
    const template = await createTemplate();
    const stranger = await newMember(other);
    const claim = await stranger.claim(template.id);
    expect(claim.statusCode).toBe(404);
    expect((await stranger.centre()).json().data).toEqual([]);
    const strangerKey = bearer(other.apiKey);
    const read = await app.inject({
      method: "GET",
      url: `/api/v1/coupon-templates/${template.id}`,
      headers: strangerKey,
    });
    expect(read.statusCode).toBe(404);
    const list = await app.inject({ method: "GET", url: "/api/v1/coupons", headers: strangerKey });
    expect(list.json().data).toEqual([]);
    const member = await newMember();
    const mine = (await member.claim(template.id)).json();
    expect((await stranger.bind(mine.code)).statusCode).toBe(404);
    expect(await couponsOfTemplate(template.id)).toBe(1);
  });

  it("answers bad input with a 4xx naming the problem and writes nothing", async () => {
    const template = await createTemplate({ stock: 1 });
    const member = await newMember();
    expect((await member.claim(template.id)).statusCode).toBe(201);
    const tables = [
      "coupon_templates",
      "coupons",
      "coupon_batches",
      "coupon_bulk_issues",
      "coupon_triggers",
      "events",
      "audit_log",
    ];
    const snapshot = () =>
      Promise.all(tables.map((t) => count(sql`select count(*)::int as n from ${sql.identifier(t)}`)));
    const before = await snapshot();
    const key = { "idempotency-key": randomUUID() };
    const responses = [
      await send("POST", "/api/v1/coupon-templates", { name: "x", rule: { kind: "nope" }, validity: fixed }),
      await send("POST", "/api/v1/coupon-templates", {
        name: "x",
        rule,
        validity: { type: "days_after_issue", days: 0 },
      }),
      await send("PATCH", `/api/v1/coupon-templates/${template.id}`, { stock: 0 }),
      await send("POST", "/api/v1/coupons/issue", { templateId: template.id, customerIds: [member.id] }),
      await send(
        "POST",
        "/api/v1/coupons/issue",
        { templateId: randomUUID(), customerIds: [member.id] },
        key,
      ),
      await send("POST", "/api/v1/coupon-batches", { templateId: template.id, name: "b", quantity: 0 }, key),
      await send("POST", "/api/v1/coupon-batches", { templateId: template.id, name: "b", quantity: 5 }, key),
      await startBulk({ templateId: template.id, segmentId: randomUUID() }),
      await send("PUT", "/api/v1/coupon-triggers", { eventType: "anniversary", templateId: template.id }),
      await member.claim(template.id),
      await app.inject({
        method: "POST",
        url: `/api/m/${shop.merchant.slug}/coupon-centre/${template.id}/claim`,
        headers: { "x-requested-with": "quanzi" },
      }),
      await member.bind("not a code"),
    ];
    for (const res of responses) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.json().error.code, res.body).toMatch(/^[a-z_]+$/);
    }
    expect(responses[2]!.json().error.details.issues[0].path).toBe("body.stock");
    expect(await snapshot()).toEqual(before);
  });

  it("voids an unused coupon once, which frees the customer's allowance", async () => {
    const template = await createTemplate({ perCustomerLimit: 1 });
    const member = await newMember();
    const coupon = (await member.claim(template.id)).json();
    expect((await member.claim(template.id)).json().error.code).toBe("limit_reached");
    const voided = await send("POST", `/api/v1/coupons/${coupon.id}/void`, { reason: "issued by mistake" });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().status).toBe("void");
    const again = await send("POST", `/api/v1/coupons/${coupon.id}/void`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("already_done");
    expect((await member.claim(template.id)).statusCode).toBe(201);
    expect((await member.coupons()).json().data).toHaveLength(1);
  });

  it("runs bulk issues and code batches on the job runner, with progress on the run and on the job", async () => {
    const { segmentId } = await seedSegment(500);
    const template = await createTemplate({ claimable: false });
    const run = (await startBulk({ templateId: template.id, segmentId })).json();
    const batch = (
      await send(
        "POST",
        "/api/v1/coupon-batches",
        { templateId: template.id, name: "runner", quantity: 300 },
        { "idempotency-key": randomUUID() },
      )
    ).json();
    const runner = startJobRunner(use(), { pollIntervalMs: 25 });
    try {
      await vi.waitFor(
        async () => {
          expect((await send("GET", `/api/v1/coupon-bulk-issues/${run.id}`)).json().status).toBe("succeeded");
          expect((await send("GET", `/api/v1/coupon-batches/${batch.id}`)).json().status).toBe("ready");
        },
        { timeout: 30_000, interval: 100 },
      );
    } finally {
      await runner.stop();
    }
    const job = (await send("GET", `/api/v1/jobs/${run.jobId}`)).json();
    expect(job).toMatchObject({ status: "succeeded", progress: { done: 500, total: 500 } });
    expect((await send("GET", `/api/v1/coupon-bulk-issues/${run.id}`)).json()).toMatchObject({
      issued: 500,
      processed: 500,
    });
    expect(await couponsOfTemplate(template.id)).toBe(800);
  });
});
