import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { reconcileSegments } from "../src/modules/segments/reconcile-segments.js";
import { reevaluateRuleTags, reevaluateRuleTagsFor } from "../src/modules/tags/evaluate-rule-tags.js";
import { tagsReevaluateJob } from "../src/modules/tags/tag-jobs.js";
import { bearer, buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

async function count(database: Database, table: string, merchantId: string): Promise<number> {
  const rows = await withSystem(database, (tx) =>
    tx.execute(`select count(*)::int as n from ${table} where merchant_id = '${merchantId}'`),
  );
  return (rows as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

const tables = ["tag_groups", "tags", "customer_tags", "customer_tag_history"];

describeEachDatabase("tags", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  const send = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    key = shop.apiKey,
  ) =>
    app.inject({
      method,
      url,
      headers: bearer(key),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const customers: Record<string, string> = {};

  async function customer(name: string, phone: string) {
    const res = await send("POST", "/api/v1/customers", { name, phone });
    expect(res.statusCode).toBe(201);
    customers[name] = res.json().id;
    return res.json().id as string;
  }

  async function fruitOrder(externalId: string, customerId: string, placedAt: string) {
    const res = await send("POST", "/api/v1/orders", {
      externalId,
      customer: { id: customerId },
      placedAt,
      items: [{ sku: "APL", name: "苹果", category: "水果", quantity: 1, unitPrice: 1000 }],
    });
    expect(res.statusCode).toBe(201);
  }

  const holders = async (tagId: string) => {
    const res = await send("GET", `/api/v1/tags/${tagId}/customers?limit=200`);
    expect(res.statusCode).toBe(200);
    return res
      .json()
      .data.map((h: { customerId: string }) => h.customerId)
      .sort() as string[];
  };

  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, await count(use(), t, shop.merchant.id)])),
    );

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use(), "Other Shop");
    await customer("Ann", "13700000001");
    await customer("Bob", "13700000002");
    await customer("Cat", "13700000003");
  });
  afterAll(() => app.close());

  it("creates groups and manual tags, refusing duplicates and bad input without writing", async () => {
    const group = await send("POST", "/api/v1/tags/groups", { name: "生命周期" });
    expect(group.statusCode).toBe(201);
    const tag = await send("POST", "/api/v1/tags", {
      name: "VIP",
      kind: "manual",
      color: "#ff0000",
      groupId: group.json().id,
    });
    expect(tag.statusCode).toBe(201);
    expect(tag.json()).toMatchObject({
      name: "VIP",
      kind: "manual",
      rule: null,
      customerCount: 0,
      evaluationJobId: null,
    });
    const before = await snapshot();
    const bad = [
      await send("POST", "/api/v1/tags/groups", { name: "生命周期" }),
      await send("POST", "/api/v1/tags", { name: "VIP", kind: "manual" }),
      await send("POST", "/api/v1/tags", { name: "x", kind: "manual", color: "red" }),
      await send("POST", "/api/v1/tags", { name: "", kind: "manual" }),
      await send("POST", "/api/v1/tags", {
        name: "x",
        kind: "manual",
        rule: { field: "profile.city", op: "isSet" },
      }),
      await send("POST", "/api/v1/tags", { name: "x", kind: "rule" }),
      await send("POST", "/api/v1/tags", {
        name: "x",
        kind: "rule",
        rule: {
          all: [
            { field: "profile.city", op: "isSet" },
            { field: "metrics.netSpent", op: "gte", value: -1.5 },
          ],
        },
      }),
      await send("POST", "/api/v1/tags", {
        name: "x",
        kind: "manual",
        groupId: "00000000-0000-4000-8000-000000000000",
      }),
      await send("DELETE", `/api/v1/tags/groups/${group.json().id}`),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([409, 409, 400, 400, 400, 400, 400, 404, 409]);
    expect(bad[6]?.json().error).toMatchObject({ code: "invalid_rule", details: { path: "all[1].value" } });
    expect(await snapshot()).toEqual(before);
  });

  it("tags one customer and many by hand, with who and why, history and events", async () => {
    const vip = (await send("POST", "/api/v1/tags", { name: "常客", kind: "manual" })).json();
    const one = await send("POST", `/api/v1/customers/${customers.Ann}/tags`, {
      tagId: vip.id,
      reason: "店长推荐",
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().data).toEqual([
      expect.objectContaining({
        tagId: vip.id,
        name: "常客",
        source: "manual",
        reason: "店长推荐",
        addedBy: expect.objectContaining({ type: "api_key" }),
      }),
    ]);
    const many = await send("POST", `/api/v1/tags/${vip.id}/customers`, {
      customerIds: [customers.Ann, customers.Bob],
    });
    expect(many.json()).toEqual({ added: 1, alreadyTagged: 1 });
    expect(await holders(vip.id)).toEqual([customers.Ann, customers.Bob].sort());

    const before = await snapshot();
    const unknown = await send("POST", `/api/v1/tags/${vip.id}/customers`, {
      customerIds: [customers.Cat, "00000000-0000-4000-8000-000000000000"],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details.missing).toEqual(["00000000-0000-4000-8000-000000000000"]);
    expect((await send("POST", `/api/v1/tags/${vip.id}/customers`, { customerIds: [] })).statusCode).toBe(
      400,
    );
    expect(
      (await send("POST", `/api/v1/tags/${vip.id}/customers`, { customerIds: ["nope"] })).statusCode,
    ).toBe(400);
    expect(await snapshot()).toEqual(before);

    const removed = await send("DELETE", `/api/v1/customers/${customers.Bob}/tags/${vip.id}`);
    expect(removed.statusCode).toBe(204);
    expect(await holders(vip.id)).toEqual([customers.Ann]);
    const history = (await send("GET", `/api/v1/customers/${customers.Bob}/tag-history`)).json().data;
    expect(history.map((h: { action: string; tagName: string }) => `${h.action}:${h.tagName}`)).toEqual([
      "removed:常客",
      "added:常客",
    ]);
    const events = (await send("GET", `/api/v1/customers/${customers.Bob}/events`)).json().data;
    const tagEvents = events.filter((e: { type: string }) => e.type.startsWith("tag."));
    expect(tagEvents.map((e: { type: string }) => e.type)).toEqual(["tag.removed", "tag.added"]);
    expect(tagEvents[0].properties).toMatchObject({ tagId: vip.id, tagName: "常客", source: "manual" });
  });

  it("tags the customers a CSV of phones lists and reports the phones it did not find", async () => {
    const tag = (await send("POST", "/api/v1/tags", { name: "活动报名", kind: "manual" })).json();
    const csv = "姓名,手机号\n安,13700000001\n卜,+86 137-0000-0002\n无名,13999999999\n坏,abc\n";
    const res = await send("POST", `/api/v1/tags/${tag.id}/customers/phones`, {
      csv,
      reason: "双十一报名表",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      matched: 2,
      added: 2,
      alreadyTagged: 0,
      notFound: ["13999999999"],
      invalid: ["abc"],
    });
    expect(await holders(tag.id)).toEqual([customers.Ann, customers.Bob].sort());
    const headerless = await send("POST", `/api/v1/tags/${tag.id}/customers/phones`, {
      csv: "13700000003\n13700000001",
    });
    expect(headerless.json()).toMatchObject({ matched: 2, added: 1, alreadyTagged: 1, notFound: [] });
  });

  it("applies and removes rule tags as data and time change; the hook and the full job agree", async () => {
    const rule = { purchased: { category: "水果" }, count: { op: "gte", value: 2 }, within: { days: 7 } };
    const created = await send("POST", "/api/v1/tags", { name: "水果常客", kind: "rule", rule });
    expect(created.statusCode).toBe(201);
    expect(created.json().evaluationJobId).toEqual(expect.any(Number));
    const tagId = created.json().id as string;
    const merchantId = shop.merchant.id;
    const at = new Date("2026-11-30T10:00:00+08:00");

    await fruitOrder("R1", customers.Ann as string, "2026-11-28T09:00:00+08:00");
    await fruitOrder("R2", customers.Ann as string, "2026-11-29T09:00:00+08:00");
    await fruitOrder("R3", customers.Bob as string, "2026-11-29T09:00:00+08:00");
    await withMerchant(use(), merchantId, (tx) =>
      reevaluateRuleTagsFor(tx, merchantId, [customers.Ann as string, customers.Bob as string], { now: at }),
    );
    expect(await holders(tagId)).toEqual([customers.Ann]);
    const full = await reevaluateRuleTags(use(), merchantId, { now: at });
    expect(full.find((r) => r.tagId === tagId)).toEqual({ tagId, added: 0, removed: 0 });

    // Bob's second order makes him match; the hook, run for him alone, adds his tag.
    await fruitOrder("R4", customers.Bob as string, "2026-11-30T08:00:00+08:00");
    // (The order path may already run the same hook with the real clock; the pinned one decides.)
    await withMerchant(use(), merchantId, (tx) =>
      reevaluateRuleTagsFor(tx, merchantId, [customers.Bob as string], { now: at }),
    );
    expect(await holders(tagId)).toEqual([customers.Ann, customers.Bob].sort());

    // Four days on, Ann's orders of the 28th and 29th fall out of the 7-day window; Bob's stay.
    const later = new Date("2026-12-05T10:00:00+08:00");
    const laterFull = await reevaluateRuleTags(use(), merchantId, { now: later, tagId });
    expect(laterFull).toEqual([{ tagId, added: 0, removed: 1 }]);
    expect(await holders(tagId)).toEqual([customers.Bob]);

    const why = (await send("GET", `/api/v1/customers/${customers.Bob}/tags`))
      .json()
      .data.find((t: { tagId: string }) => t.tagId === tagId);
    expect(why).toMatchObject({
      source: "rule",
      reason: "rule v1 matched",
      ruleVersion: 1,
      addedBy: { type: "rule", id: tagId, name: "水果常客" },
    });
    const annHistory = (await send("GET", `/api/v1/customers/${customers.Ann}/tag-history`))
      .json()
      .data.filter((h: { tagId: string }) => h.tagId === tagId);
    expect(annHistory.map((h: { action: string; reason: string }) => `${h.action}:${h.reason}`)).toEqual([
      "removed:rule v1 no longer matches",
      "added:rule v1 matched",
    ]);
    const annEvents = (await send("GET", `/api/v1/customers/${customers.Ann}/events`))
      .json()
      .data.filter((e: { type: string; properties: { tagId?: string } }) => e.properties.tagId === tagId);
    expect(annEvents.map((e: { type: string; source: string }) => `${e.type}:${e.source}`)).toEqual([
      "tag.removed:system",
      "tag.added:system",
    ]);
    expect(annEvents[0].properties).toEqual({
      tagId,
      tagName: "水果常客",
      source: "rule",
      reason: "rule v1 no longer matches",
      ruleVersion: 1,
    });
    expect(annEvents[0].occurredAt).toBe(later.toISOString());
    const manual = await send("POST", `/api/v1/tags/${tagId}/customers`, { customerIds: [customers.Cat] });
    expect(manual.statusCode).toBe(422);
  });

  it("gives the same tags through the per-customer hook as through the full job over random order streams", async () => {
    const merchantId = shop.merchant.id;
    const at = new Date("2026-11-30T10:00:00+08:00");
    const rule = {
      any: [
        { purchased: { category: "蔬菜" }, count: { op: "gte", value: 3 }, within: { days: 30 } },
        {
          all: [
            { purchased: { category: "乳品" } },
            { not: { purchased: { category: "蔬菜" }, within: { days: 10 } } },
          ],
        },
      ],
    };
    const tagId = (await send("POST", "/api/v1/tags", { name: "随机规则", kind: "rule", rule })).json()
      .id as string;
    const people = await Promise.all(
      Array.from({ length: 8 }, (_, i) => customer(`R${i}`, `1360000000${i}`)),
    );
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 40; n++) {
      const who = people[Math.floor(random() * people.length)] as string;
      const daysAgo = Math.floor(random() * 40);
      const category = random() < 0.6 ? "蔬菜" : "乳品";
      const placedAt = new Date(
        at.getTime() - daysAgo * 86_400_000 - Math.floor(random() * 86_400_000),
      ).toISOString();
      const res = await send("POST", "/api/v1/orders", {
        externalId: `RND-${n}`,
        customer: { id: who },
        placedAt,
        items: [{ sku: `SKU-${category}`, name: category, category, quantity: 1, unitPrice: 500 }],
      });
      expect(res.statusCode).toBe(201);
      await withMerchant(use(), merchantId, (tx) =>
        reevaluateRuleTagsFor(tx, merchantId, [who], { now: at }),
      );
    }
    const incremental = await holders(tagId);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.length).toBeLessThan(people.length);
    const full = await reevaluateRuleTags(use(), merchantId, { now: at, tagId });
    expect(full).toEqual([{ tagId, added: 0, removed: 0 }]);
    expect(await holders(tagId)).toEqual(incremental);
  });

  it("moves the segments that read a manual tag as soon as the tag is added or removed", async () => {
    const tag = (await send("POST", "/api/v1/tags", { name: "试吃", kind: "manual" })).json();
    const segment = await send("POST", "/api/v1/segments", {
      name: "试吃的人",
      rule: { tag: tag.id, op: "has" },
    });
    expect(segment.statusCode).toBe(201);
    await reconcileSegments(use(), shop.merchant.id, { segmentId: segment.json().id });
    const members = async () =>
      (await send("GET", `/api/v1/segments/${segment.json().id}/customers`))
        .json()
        .data.map((m: { id: string }) => m.id);
    expect(await members()).toEqual([]);
    await send("POST", `/api/v1/tags/${tag.id}/customers`, { customerIds: [customers.Cat] });
    expect(await members()).toEqual([customers.Cat]);
    await send("POST", `/api/v1/tags/${tag.id}/customers/remove`, { customerIds: [customers.Cat] });
    expect(await members()).toEqual([]);
  });

  it("runs tags.reevaluate as a job, and the segments reading the rule tag follow", async () => {
    const rule = { field: "profile.phone", op: "startsWith", value: "1370000000" };
    const created = (await send("POST", "/api/v1/tags", { name: "老号段", kind: "rule", rule })).json();
    const segment = (
      await send("POST", "/api/v1/segments", { name: "老号段的人", rule: { tag: created.id, op: "has" } })
    ).json();
    await reconcileSegments(use(), shop.merchant.id, { segmentId: segment.id });
    const result = await tagsReevaluateJob.run({
      database: use(),
      merchantId: shop.merchant.id,
      payload: { tagId: created.id },
    } as unknown as Parameters<typeof tagsReevaluateJob.run>[0]);
    expect(result).toEqual({ tags: 1, added: 3, removed: 0 });
    const members = (await send("GET", `/api/v1/segments/${segment.id}/customers`)).json().data;
    expect(members.map((m: { id: string }) => m.id).sort()).toEqual(
      [customers.Ann, customers.Bob, customers.Cat].sort(),
    );
  });

  it("keeps tags within their merchant: another shop's key sees 404 and writes nothing", async () => {
    const tag = (await send("POST", "/api/v1/tags", { name: "私有", kind: "manual" })).json();
    const before = await snapshot();
    const attempts = [
      await send("GET", `/api/v1/tags/${tag.id}`, undefined, other.apiKey),
      await send("PATCH", `/api/v1/tags/${tag.id}`, { name: "偷改" }, other.apiKey),
      await send("DELETE", `/api/v1/tags/${tag.id}`, undefined, other.apiKey),
      await send("GET", `/api/v1/tags/${tag.id}/customers`, undefined, other.apiKey),
      await send("POST", `/api/v1/tags/${tag.id}/customers`, { customerIds: [customers.Ann] }, other.apiKey),
      await send("GET", `/api/v1/customers/${customers.Ann}/tags`, undefined, other.apiKey),
      await send("GET", `/api/v1/customers/${customers.Ann}/tag-history`, undefined, other.apiKey),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect((await send("GET", "/api/v1/tags", undefined, other.apiKey)).json().data).toEqual([]);
    const foreignRule = await send(
      "POST",
      "/api/v1/insight/preview",
      { rule: { tag: tag.id, op: "has" } },
      other.apiKey,
    );
    expect(foreignRule.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("deletes a tag: holders lose it, the history stays", async () => {
    const tag = (await send("POST", "/api/v1/tags", { name: "临时", kind: "manual" })).json();
    await send("POST", `/api/v1/tags/${tag.id}/customers`, { customerIds: [customers.Cat] });
    expect((await send("DELETE", `/api/v1/tags/${tag.id}`)).statusCode).toBe(204);
    expect((await send("GET", `/api/v1/tags/${tag.id}`)).statusCode).toBe(404);
    const history = (await send("GET", `/api/v1/customers/${customers.Cat}/tag-history`))
      .json()
      .data.filter((h: { tagId: string }) => h.tagId === tag.id);
    expect(history.map((h: { action: string; reason: string | null }) => `${h.action}:${h.reason}`)).toEqual([
      "removed:tag deleted",
      "added:null",
    ]);
  });
});
