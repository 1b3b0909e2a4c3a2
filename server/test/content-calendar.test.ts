import http from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import "../src/jobs/job-definitions.js";
import { startJobRunner } from "../src/jobs/job-runner.js";
import { runsBetween } from "../src/modules/content/recurrence.js";
import { runDueOccurrences, writeDueOccurrences } from "../src/modules/content/run-due.js";
import { updateMessageSettings } from "../src/modules/messaging/message-settings.js";
import { signWebhook } from "../src/modules/messaging/webhook.js";
import { createTestMerchant, testConfig } from "./support/app.js";
import { seedCommunity as seedExternalCommunity } from "./support/channel-fixtures.js";
import { seedCommunity } from "./support/community-chat-fixture.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

const shanghai = (wall: string) => new Date(`${wall}+08:00`);
const iso = (d: number) => new Date(d).toISOString();

describe("recurrence in the shop's time zone", () => {
  it("runs a weekly Tuesday 20:00 in Los Angeles on Wednesday in UTC, across the DST change", () => {
    const runs = runsBetween(
      { repeat: "weekly", startDate: "2026-10-20", endDate: null, localTime: "20:00", weekdays: [2] },
      "America/Los_Angeles",
      Date.parse("2026-10-19T00:00:00Z"),
      Date.parse("2026-11-12T00:00:00Z"),
    );
    // PDT (UTC-7) until 1 November, then PST (UTC-8): always 20:00 Tuesday on the shop's clock.
    expect(runs.map(iso)).toEqual([
      "2026-10-21T03:00:00.000Z",
      "2026-10-28T03:00:00.000Z",
      "2026-11-04T04:00:00.000Z",
      "2026-11-11T04:00:00.000Z",
    ]);
  });

  it("runs 07:30 daily in Shanghai on the previous UTC date, and stops at the end date", () => {
    const runs = runsBetween(
      { repeat: "daily", startDate: "2026-12-01", endDate: "2026-12-03", localTime: "07:30", weekdays: [] },
      "Asia/Shanghai",
      Date.parse("2026-11-01T00:00:00Z"),
      Date.parse("2027-01-01T00:00:00Z"),
    );
    expect(runs.map(iso)).toEqual([
      "2026-11-30T23:30:00.000Z",
      "2026-12-01T23:30:00.000Z",
      "2026-12-02T23:30:00.000Z",
    ]);
  });

  it("answers a one-off only inside the window", () => {
    const rule = {
      repeat: "once" as const,
      startDate: "2026-12-24",
      endDate: null,
      localTime: "20:00",
      weekdays: [],
    };
    const at = Date.parse("2026-12-24T12:00:00Z");
    expect(runsBetween(rule, "Asia/Shanghai", at, at + 1)).toEqual([at]);
    expect(runsBetween(rule, "Asia/Shanghai", at + 1, at + 86_400_000)).toEqual([]);
  });
});

describeEachDatabase("content calendar", (use) => {
  let app: App;
  const clock = shanghai("2027-03-01T10:00:00"); // a Monday
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let otherOwner: StaffClient;
  let builtinId: string;

  beforeAll(async () => {
    app = await buildApp({ database: use(), config: testConfig, now: () => clock });
    await app.ready();
    shop = await createTestMerchant(use(), "Calendar Shop");
    other = await createTestMerchant(use(), "Other Shop");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
    builtinId = (await seedCommunity(use(), shop.merchant.id, { members: 2, name: "健康生活群" }))
      .communityId;
  });
  afterAll(async () => {
    await app.close();
  });

  const count = async (table: "content_posts" | "content_templates") =>
    rowsOf<{ n: number }>(
      await withSystem(use(), (tx) =>
        tx.execute(
          sql`select count(*)::int as n from ${sql.raw(table)} where merchant_id = ${shop.merchant.id}`,
        ),
      ),
    )[0]!.n;
  const chatMessages = async (communityId: string) =>
    rowsOf<{ kind: string; body: string; link_url: string | null; staff_id: string }>(
      await withSystem(use(), (tx) =>
        tx.execute(sql`select kind, body, link_url, staff_id from community_chat_messages
          where merchant_id = ${shop.merchant.id} and community_id = ${communityId} order by seq`),
      ),
    );
  const calendar = async (client: StaffClient, from: Date, to: Date) => {
    const res = await client.call(
      "GET",
      `/api/v1/content/occurrences?from=${from.toISOString()}&to=${to.toISOString()}`,
    );
    expect(res.statusCode).toBe(200);
    return res.json().data as {
      id: string | null;
      postId: string;
      scheduledAt: string;
      status: string;
      holdReason: string | null;
      movedTo: string | null;
      taskId: string | null;
    }[];
  };
  const runAt = async (at: Date) => {
    await writeDueOccurrences(use(), at);
    await runDueOccurrences(use(), at);
  };

  it("keeps templates with promotional defaulting from the kind, and refuses bad input writing nothing", async () => {
    const tip = await owner.call("POST", "/api/v1/content/templates", {
      kind: "tip",
      title: "每周健康小贴士",
      body: "多喝水，少熬夜。",
    });
    expect(tip.statusCode).toBe(201);
    expect(tip.json()).toMatchObject({ kind: "tip", promotional: false, imageUrl: null });
    const promo = await owner.call("POST", "/api/v1/content/templates", {
      kind: "promotion",
      title: "周末八折",
      linkUrl: "https://example.com/sale",
    });
    expect(promo.json().promotional).toBe(true);
    const before = await count("content_templates");
    for (const bad of [
      { kind: "news", title: "x" },
      { kind: "tip", title: "" },
      { kind: "tip", title: "x", imageUrl: "javascript:alert(1)" },
      { kind: "tip", title: "x", linkUrl: "//evil.example" },
      { kind: "tip", title: "x", extra: 1 },
    ]) {
      const res = await owner.call("POST", "/api/v1/content/templates", bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect(await count("content_templates")).toBe(before);
    const changed = await owner.call("PATCH", `/api/v1/content/templates/${tip.json().id}`, {
      kind: "promotion",
    });
    expect(changed.json().promotional).toBe(true);
    expect((await owner.call("GET", "/api/v1/content/templates")).json().data).toHaveLength(2);
    expect((await otherOwner.call("GET", `/api/v1/content/templates/${tip.json().id}`)).statusCode).toBe(404);
    expect((await owner.call("DELETE", `/api/v1/content/templates/${tip.json().id}`)).statusCode).toBe(204);
  });

  it("refuses bad posts with 4xx and writes nothing", async () => {
    const before = await count("content_posts");
    const schedule = { repeat: "weekly", startDate: "2027-03-01", localTime: "20:00", weekdays: [2] };
    const cases: [unknown, number, string][] = [
      [
        { communityId: builtinId, title: "x", schedule: { ...schedule, weekdays: [] } },
        400,
        "validation_failed",
      ],
      [
        { communityId: builtinId, title: "x", schedule: { ...schedule, localTime: "25:00" } },
        400,
        "validation_failed",
      ],
      [
        {
          communityId: builtinId,
          title: "x",
          schedule: { repeat: "once", startDate: "2027-02-01", localTime: "09:00" },
        },
        400,
        "validation_failed",
      ],
      [{ communityId: builtinId, schedule }, 400, "validation_failed"],
      [{ communityId: "00000000-0000-4000-8000-000000000000", title: "x", schedule }, 404, "not_found"],
      [
        { communityId: builtinId, title: "x", card: { kind: "coupon_template", id: null }, schedule },
        400,
        "validation_failed",
      ],
      [
        {
          communityId: builtinId,
          title: "x",
          schedule: { ...schedule, startDate: "2027-03-09", endDate: "2027-03-01" },
        },
        400,
        "validation_failed",
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await owner.call("POST", "/api/v1/content/posts", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await count("content_posts")).toBe(before);
    const foreign = await otherOwner.call("POST", "/api/v1/content/posts", {
      communityId: builtinId,
      title: "x",
      schedule,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it("posts a weekly 20:00 run into the built-in chat exactly once when two runners race", async () => {
    const created = await owner.call("POST", "/api/v1/content/posts", {
      communityId: builtinId,
      title: "周二健康贴士",
      body: "今晚早点睡",
      linkUrl: "https://example.com/tips",
      schedule: { repeat: "weekly", startDate: "2027-03-01", localTime: "20:00", weekdays: [2] },
    });
    expect(created.statusCode).toBe(201);
    const post = created.json();
    expect(post.nextAt).toBe(shanghai("2027-03-02T20:00:00").toISOString());
    const runs = await calendar(owner, shanghai("2027-03-01T00:00:00"), shanghai("2027-03-17T00:00:00"));
    expect(runs.filter((r) => r.postId === post.id).map((r) => [r.scheduledAt, r.status, r.id])).toEqual([
      [shanghai("2027-03-02T20:00:00").toISOString(), "scheduled", null],
      [shanghai("2027-03-09T20:00:00").toISOString(), "scheduled", null],
      [shanghai("2027-03-16T20:00:00").toISOString(), "scheduled", null],
    ]);
    expect(
      await calendar(otherOwner, shanghai("2027-03-01T00:00:00"), shanghai("2027-03-17T00:00:00")),
    ).toEqual([]);

    const before = (await chatMessages(builtinId)).length;
    await runAt(shanghai("2027-03-02T19:59:00"));
    expect((await chatMessages(builtinId)).length).toBe(before);
    const due = shanghai("2027-03-02T20:00:30");
    await Promise.all([runAt(due), runAt(due), runAt(due)]);
    await runAt(shanghai("2027-03-02T20:01:00"));
    const messages = (await chatMessages(builtinId)).slice(before);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: "link", body: "今晚早点睡", staff_id: shop.ownerStaffId });
    expect(messages[0]!.link_url).toMatch(/^\/s\/[A-Za-z0-9]{7}$/);
    const [link] = rowsOf<{ target: string; utm: Record<string, string>; origin: string }>(
      await withSystem(use(), (tx) =>
        tx.execute(sql`select l.target, l.utm, l.origin from short_links l join content_posts p
          on p.merchant_id = l.merchant_id and p.short_link_id = l.id where p.id = ${post.id}`),
      ),
    );
    expect(link).toEqual({
      target: "https://example.com/tips",
      utm: { source: "community", medium: "calendar", campaign: `post-${post.id.slice(0, 8)}` },
      origin: "calendar",
    });
    // The next week's run reuses the post's link.
    await runAt(shanghai("2027-03-09T20:00:10"));
    const again = (await chatMessages(builtinId)).slice(before);
    expect(again).toHaveLength(2);
    expect(again[1]!.link_url).toBe(messages[0]!.link_url);
    const shown = await calendar(owner, shanghai("2027-03-01T00:00:00"), shanghai("2027-03-17T00:00:00"));
    expect(shown.filter((r) => r.postId === post.id).map((r) => r.status)).toEqual([
      "posted",
      "posted",
      "scheduled",
    ]);

    // Cancelling one upcoming run skips it; the series goes on.
    const cancel = await owner.call("POST", `/api/v1/content/posts/${post.id}/occurrences/cancel`, {
      scheduledAt: shanghai("2027-03-16T20:00:00").toISOString(),
    });
    expect(cancel.statusCode).toBe(204);
    const wrong = await owner.call("POST", `/api/v1/content/posts/${post.id}/occurrences/cancel`, {
      scheduledAt: shanghai("2027-03-17T20:00:00").toISOString(),
    });
    expect(wrong.statusCode).toBe(400);
    await runAt(shanghai("2027-03-16T20:00:10"));
    expect((await chatMessages(builtinId)).slice(before)).toHaveLength(2);
    const series = await owner.call("POST", `/api/v1/content/posts/${post.id}/cancel`);
    expect(series.json()).toMatchObject({ status: "cancelled", nextAt: null });
  });

  it("holds a run in quiet hours and over the community cap, and posts it at the moved time", async () => {
    await withMerchant(use(), shop.merchant.id, (tx) =>
      updateMessageSettings(tx, shop.merchant.id, { communityDailyCap: 1 }),
    );
    const quiet = await owner.call("POST", "/api/v1/content/posts", {
      communityId: builtinId,
      title: "夜读",
      body: "晚安故事",
      schedule: { repeat: "once", startDate: "2027-04-01", localTime: "22:00" },
    });
    const promoA = await owner.call("POST", "/api/v1/content/posts", {
      communityId: builtinId,
      title: "限时优惠 A",
      promotional: true,
      schedule: { repeat: "once", startDate: "2027-04-02", localTime: "12:00" },
    });
    const promoB = await owner.call("POST", "/api/v1/content/posts", {
      communityId: builtinId,
      title: "限时优惠 B",
      promotional: true,
      schedule: { repeat: "once", startDate: "2027-04-02", localTime: "12:00" },
    });
    expect([quiet.statusCode, promoA.statusCode, promoB.statusCode]).toEqual([201, 201, 201]);
    const before = (await chatMessages(builtinId)).length;
    await runAt(shanghai("2027-04-01T22:00:05"));
    const held = (
      await calendar(owner, shanghai("2027-04-01T00:00:00"), shanghai("2027-04-03T00:00:00"))
    ).find((r) => r.postId === quiet.json().id);
    expect(held).toMatchObject({
      status: "held",
      holdReason: "quiet_hours",
      movedTo: shanghai("2027-04-02T09:00:00").toISOString(),
    });
    expect((await chatMessages(builtinId)).length).toBe(before);
    await runAt(shanghai("2027-04-02T09:00:05"));
    expect((await chatMessages(builtinId)).slice(before).map((m) => m.body)).toEqual(["晚安故事"]);

    await runAt(shanghai("2027-04-02T12:00:05"));
    const day = await calendar(owner, shanghai("2027-04-02T00:00:00"), shanghai("2027-04-03T00:00:00"));
    const promos = day.filter((r) => r.postId === promoA.json().id || r.postId === promoB.json().id);
    expect(promos.map((r) => r.status).sort()).toEqual(["held", "posted"]);
    const capped = promos.find((r) => r.status === "held")!;
    // The cap frees up at local midnight, which is in quiet hours: it goes at 09:00 the next day.
    expect(capped).toMatchObject({
      holdReason: "community_cap",
      movedTo: shanghai("2027-04-03T09:00:00").toISOString(),
    });
    await runAt(shanghai("2027-04-03T09:00:05"));
    const bodies = (await chatMessages(builtinId)).slice(before).map((m) => m.body);
    expect(bodies[0]).toBe("晚安故事");
    expect(bodies.slice(1).sort()).toEqual(["限时优惠 A", "限时优惠 B"]);
    await withMerchant(use(), shop.merchant.id, (tx) =>
      updateMessageSettings(tx, shop.merchant.id, { communityDailyCap: 3 }),
    );
  });

  it("turns an external community's run into a staff task and a signed task.created webhook", async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let failuresLeft = 1;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.statusCode = 500;
        }
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const merchantId = shop.merchant.id;
    const settings = await withMerchant(use(), merchantId, (tx) =>
      updateMessageSettings(
        tx,
        merchantId,
        { webhookUrl: `http://127.0.0.1:${port}/hook` },
        { allowPrivateWebhooks: true },
      ),
    );
    const externalId = await seedExternalCommunity(use(), merchantId, { name: "微信福利群" });
    await withSystem(use(), (tx) =>
      tx.execute(sql`update communities set owner_staff_id = ${shop.ownerStaffId} where id = ${externalId}`),
    );
    const post = (
      await owner.call("POST", "/api/v1/content/posts", {
        communityId: externalId,
        title: "新品试吃",
        body: "周五下午三点，门店试吃",
        imageUrl: "https://example.com/a.png",
        linkUrl: "https://example.com/new",
        schedule: { repeat: "once", startDate: "2027-05-07", localTime: "15:00" },
      })
    ).json();
    await runAt(shanghai("2027-05-07T15:00:03"));
    await runAt(shanghai("2027-05-07T15:00:04"));
    const [run] = (
      await calendar(owner, shanghai("2027-05-07T00:00:00"), shanghai("2027-05-08T00:00:00"))
    ).filter((r) => r.postId === post.id);
    expect(run).toMatchObject({ status: "task_open" });
    const tasks = (await owner.call("GET", "/api/v1/tasks?status=open")).json().data as {
      id: string;
      body: string;
      imageUrl: string;
      linkUrl: string;
      communityName: string;
    }[];
    const task = tasks.find((t) => t.id === run!.taskId)!;
    expect(task).toMatchObject({
      body: "周五下午三点，门店试吃",
      imageUrl: "https://example.com/a.png",
      communityName: "微信福利群",
    });
    expect(task.linkUrl).toMatch(/^\/s\/[A-Za-z0-9]{7}$/);
    const runner = startJobRunner(use(), {
      workers: 1,
      pollIntervalMs: 50,
      backoffBaseMs: 100,
      allowPrivateWebhooks: true,
    });
    try {
      const deadline = Date.now() + 30_000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await runner.stop();
      server.close();
    }
    expect(received).toHaveLength(2);
    const last = received[1]!;
    expect(last.headers["x-quanzi-event"]).toBe("task.created");
    const timestamp = Number(last.headers["x-quanzi-timestamp"]);
    expect(last.headers["x-quanzi-signature"]).toBe(
      signWebhook(settings.webhookSecret!, timestamp, last.body),
    );
    expect(JSON.parse(last.body)).toMatchObject({
      event: "task.created",
      task: { id: task.id, kind: "calendar_post", body: "周五下午三点，门店试吃", link: task.linkUrl },
    });
    const done = await owner.call("POST", `/api/v1/tasks/${task.id}/done`);
    expect(done.json()).toMatchObject({ status: "done", doneByStaffId: shop.ownerStaffId });
    const after = (
      await calendar(owner, shanghai("2027-05-07T00:00:00"), shanghai("2027-05-08T00:00:00"))
    ).find((r) => r.postId === post.id);
    expect(after?.status).toBe("task_done");
    await withMerchant(use(), merchantId, (tx) =>
      updateMessageSettings(tx, merchantId, { webhookUrl: null }),
    );
  });
});
