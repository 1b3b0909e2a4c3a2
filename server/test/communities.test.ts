import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { phonesOfCsv } from "../src/modules/community/community-members.js";
import { joinCommunity, leaveCommunity } from "../src/modules/community/join-community.js";
import { defaultQrExpiry, detectImageType, remindExpiringQrs } from "../src/modules/community/join-qr.js";
import { runLayerInvitations } from "../src/modules/community/layer-invitations.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import { mergeCustomers } from "../src/modules/customers/merge-customers.js";
import { refreshLayersFor } from "../src/modules/layers/evaluate-layers.js";
import { emitLayerMoves } from "../src/modules/layers/layer-events.js";
import { listLayers } from "../src/modules/layers/layer-settings.js";
import { walletBalance } from "../src/modules/loyalty/ledger/wallet-balance.js";
import { createMemberSession } from "../src/modules/members/member-sessions.js";
import { buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

const png = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082",
  "hex",
);

describe("community rules (pure)", () => {
  it("tells image types by their bytes, not by the name they were sent with", () => {
    expect(detectImageType(png)).toBe("image/png");
    expect(detectImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(detectImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  });
  it("expires WeChat and WeCom group codes 7 days after upload, others never", () => {
    const at = new Date("2026-11-30T10:00:00Z");
    expect(defaultQrExpiry("wechat", at)?.toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(defaultQrExpiry("wecom", at)?.toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(defaultQrExpiry("qq", at)).toBeNull();
  });
  it("reads the first column of a phone CSV and skips a header", () => {
    expect(phonesOfCsv('phone,name\r\n13800000001,A\n\n"13800000002",B\n')).toEqual([
      { line: 2, raw: "13800000001" },
      { line: 4, raw: "13800000002" },
    ]);
  });
});

describeEachDatabase("communities", (use) => {
  let app: App;
  let shop: Shop;
  let other: Shop;
  let owner: StaffClient;
  let phoneCounter = 0;
  const nextPhone = () =>
    `139${String(process.pid % 1000).padStart(3, "0")}${String(++phoneCounter).padStart(5, "0")}`;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    other = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
  });

  const merchantId = () => shop.merchant.id;

  async function newCustomer(target: Shop = shop, phone = nextPhone()) {
    const { id } = await withMerchant(use(), target.merchant.id, (tx) =>
      findOrCreateCustomer(
        tx,
        target.merchant.id,
        { phone, name: `会员${phone.slice(-4)}` },
        { source: "api" },
      ),
    );
    return { id, phone };
  }

  async function createCommunity(body: Record<string, unknown> = {}) {
    const res = await owner.call("POST", "/api/v1/communities", {
      name: "宝妈交流群",
      purpose: "content",
      platform: "builtin",
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; memberCount: number; capacity: number | null };
  }

  async function count(query: ReturnType<typeof sql>): Promise<number> {
    return withSystem(use(), async (tx) => rowsOf<{ n: number }>(await tx.execute(query))[0]?.n ?? 0);
  }
  const points = (customerId: string) =>
    withMerchant(use(), merchantId(), (tx) => walletBalance(tx, merchantId(), customerId, "points")).then(
      (b) => b.available,
    );

  async function memberClient(customerId: string) {
    const token = await createMemberSession(use(), merchantId(), customerId);
    const headers = { cookie: `quanzi_member=${token}`, "x-requested-with": "quanzi" };
    const base = `/api/m/${shop.merchant.slug}`;
    return {
      get: (path: string) => app.inject({ method: "GET", url: `${base}${path}`, headers }),
      post: (path: string, payload: object = {}) =>
        app.inject({ method: "POST", url: `${base}${path}`, headers, payload }),
    };
  }

  describe("CRUD", () => {
    it("creates, reads, changes and archives a community; bad input is 4xx and writes nothing", async () => {
      const before = await count(sql`select count(*)::int as n from communities`);
      const bad = [
        { name: "", purpose: "content", platform: "builtin" },
        { name: "x", purpose: "gossip", platform: "builtin" },
        { name: "x", purpose: "content", platform: "builtin", capacity: 0 },
        { name: "x", purpose: "content", platform: "builtin", joinUrl: "https://weixin.qq.com/g/x" },
        { name: "x", purpose: "content", platform: "wechat", joinUrl: "javascript:alert(1)" },
        { name: "x", purpose: "content", platform: "builtin", ownerStaffId: randomUUID() },
        { name: "x", purpose: "content", platform: "builtin", welcomeCouponTemplateId: randomUUID() },
        { name: "x", purpose: "content", platform: "builtin", audience: { kind: "layer", id: randomUUID() } },
        { name: "x", purpose: "content", platform: "builtin", surprise: true },
      ];
      for (const body of bad) {
        const res = await owner.call("POST", "/api/v1/communities", body);
        expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.json().error.code).toBeTypeOf("string");
      }
      expect(await count(sql`select count(*)::int as n from communities`)).toBe(before);

      const created = await createCommunity({
        platform: "wechat",
        joinUrl: "https://weixin.qq.com/g/abc",
        capacity: 200,
        ownerStaffId: shop.ownerStaffId,
        rules: "不发广告",
        monthlyGmvTarget: 10_000_000,
      });
      expect(created).toMatchObject({ capacity: 200, memberCount: 0 });
      const changed = await owner.call("PATCH", `/api/v1/communities/${created.id}`, { name: "宝妈二群" });
      expect(changed.json()).toMatchObject({ name: "宝妈二群", capacity: 200, joinQrState: "none" });
      const archived = await owner.call("PATCH", `/api/v1/communities/${created.id}`, { status: "archived" });
      expect(archived.json().status).toBe("archived");
      const active = (await owner.call("GET", "/api/v1/communities")).json().data as { id: string }[];
      expect(active.map((c) => c.id)).not.toContain(created.id);
      const { id: customerId } = await newCustomer();
      await expect(
        withMerchant(use(), merchantId(), (tx) =>
          joinCommunity(tx, merchantId(), { communityId: created.id, customerId, source: "test" }),
        ),
      ).rejects.toMatchObject({ code: "unprocessable" });
    });

    it("keeps other shops out (tenant isolation)", async () => {
      const community = await createCommunity();
      const otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
      expect((await otherOwner.call("GET", `/api/v1/communities/${community.id}`)).statusCode).toBe(404);
      expect(
        (await otherOwner.call("PATCH", `/api/v1/communities/${community.id}`, { name: "x" })).statusCode,
      ).toBe(404);
      expect((await otherOwner.call("GET", `/api/v1/communities/${community.id}/members`)).statusCode).toBe(
        404,
      );
      const foreign = await newCustomer(other);
      const res = await owner.call("POST", `/api/v1/communities/${community.id}/members`, {
        customerId: foreign.id,
      });
      expect(res.statusCode).toBe(404);
      const listed = (await otherOwner.call("GET", "/api/v1/communities")).json().data as unknown[];
      expect(listed).toEqual([]);
    });

    it("never lets the capacity drop below the members it has", async () => {
      const community = await createCommunity({ capacity: 5 });
      for (let i = 0; i < 3; i++) {
        const { id } = await newCustomer();
        await withMerchant(use(), merchantId(), (tx) =>
          joinCommunity(tx, merchantId(), { communityId: community.id, customerId: id, source: "test" }),
        );
      }
      const res = await owner.call("PATCH", `/api/v1/communities/${community.id}`, { capacity: 2 });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details.memberCount).toBe(3);
      expect(
        (await owner.call("PATCH", `/api/v1/communities/${community.id}`, { capacity: 3 })).statusCode,
      ).toBe(200);
    });
  });

  describe("joining", () => {
    it("never goes over capacity under 40 parallel joins into 10 seats", async () => {
      const community = await createCommunity({ capacity: 10 });
      const people = await Promise.all(Array.from({ length: 40 }, () => newCustomer()));
      const results = await Promise.allSettled(
        people.map((p) =>
          withMerchant(use(), merchantId(), (tx) =>
            joinCommunity(tx, merchantId(), { communityId: community.id, customerId: p.id, source: "test" }),
          ),
        ),
      );
      const joined = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r) => r.status === "rejected");
      expect(joined).toHaveLength(10);
      expect(refused.every((r) => (r as PromiseRejectedResult).reason.code === "community_full")).toBe(true);
      const rows = await count(
        sql`select count(*)::int as n from community_members where community_id = ${community.id} and status = 'joined'`,
      );
      const counter = await count(sql`select member_count as n from communities where id = ${community.id}`);
      expect(rows).toBe(10);
      expect(counter).toBe(10);
      expect(
        await count(
          sql`select count(*)::int as n from community_membership_log where community_id = ${community.id}`,
        ),
      ).toBe(10);
    });

    it("gives the welcome gift once under 12 parallel joins of one member, and not again after leave and re-join", async () => {
      const template = await owner.call("POST", "/api/v1/coupon-templates", {
        name: "入群券",
        rule: { kind: "threshold", tiers: [{ minSpend: 10000, amountOff: 1000 }] },
        validity: { type: "fixed", validUntil: "2099-01-01T00:00:00Z" },
      });
      expect(template.statusCode, template.body).toBe(201);
      const community = await createCommunity({
        welcomePoints: 50,
        welcomeCouponTemplateId: template.json().id,
        welcomeMessage: "欢迎!",
      });
      const { id } = await newCustomer();
      const join = () =>
        withMerchant(use(), merchantId(), (tx) =>
          joinCommunity(tx, merchantId(), { communityId: community.id, customerId: id, source: "test" }),
        );
      const outcomes = await Promise.all(Array.from({ length: 12 }, join));
      expect(outcomes.filter((o) => o.joined)).toHaveLength(1);
      expect(outcomes.find((o) => o.joined)?.welcome).toMatchObject({ message: "欢迎!", points: 50 });
      expect(await points(id)).toBe(50);
      const coupons = () =>
        count(
          sql`select count(*)::int as n from coupons where customer_id = ${id} and template_id = ${template.json().id}`,
        );
      expect(await coupons()).toBe(1);
      expect(await count(sql`select member_count as n from communities where id = ${community.id}`)).toBe(1);

      const left = await withMerchant(use(), merchantId(), (tx) =>
        leaveCommunity(tx, merchantId(), {
          communityId: community.id,
          customerId: id,
          action: "leave",
          source: "test",
        }),
      );
      expect(left.left).toBe(true);
      expect(await count(sql`select member_count as n from communities where id = ${community.id}`)).toBe(0);
      const again = await join();
      expect(again).toMatchObject({ joined: true, welcome: null, memberCount: 1 });
      expect(await points(id)).toBe(50);
      expect(await coupons()).toBe(1);
      expect(
        await count(
          sql`select count(*)::int as n from community_membership_log where community_id = ${community.id}`,
        ),
      ).toBe(3);
    });

    it("lets a member join on the member page only with the rules accepted, and leave and re-join", async () => {
      const community = await createCommunity({
        rules: "1. 不发广告",
        welcomeMessage: "欢迎入群",
        welcomePoints: 20,
      });
      const { id } = await newCustomer();
      const member = await memberClient(id);
      const page = await member.get(`/communities/${community.id}`);
      expect(page.json()).toMatchObject({ rules: "1. 不发广告", membership: null, canJoin: true });
      expect(page.json().chatPath).toBe(`/m/${shop.merchant.slug}/community/${community.id}/chat`);
      const refused = await member.post(`/communities/${community.id}/join`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.reason).toBe("rules_not_accepted");
      expect(await count(sql`select member_count as n from communities where id = ${community.id}`)).toBe(0);
      const joined = await member.post(`/communities/${community.id}/join?source=livecode:abc`, {
        acceptRules: true,
      });
      expect(joined.statusCode, joined.body).toBe(200);
      expect(joined.json()).toMatchObject({ joined: true, welcome: { message: "欢迎入群", points: 20 } });
      const home = (await member.get("/communities")).json();
      expect(home.mine.map((c: { id: string }) => c.id)).toContain(community.id);
      expect((await member.post(`/communities/${community.id}/leave`)).json()).toEqual({ left: true });
      const back = await member.post(`/communities/${community.id}/join`);
      expect(back.json()).toMatchObject({ joined: true, welcome: null });
      expect(await points(id)).toBe(20);
      const source = await count(
        sql`select count(*)::int as n from community_membership_log where customer_id = ${id} and source = 'livecode:abc'`,
      );
      expect(source).toBe(1);
      // Confirming an external join makes no sense for a built-in community.
      expect((await member.post(`/communities/${community.id}/confirm-joined`)).statusCode).toBe(422);
    });

    it("keeps a member staff removed from putting themselves back; staff can", async () => {
      const community = await createCommunity();
      const { id, phone } = await newCustomer();
      const member = await memberClient(id);
      expect(
        (await owner.call("POST", `/api/v1/communities/${community.id}/members`, { phone })).json(),
      ).toMatchObject({
        joined: true,
      });
      const list = (
        await owner.call("GET", `/api/v1/communities/${community.id}/members?q=${phone.slice(-5)}`)
      ).json();
      expect(list.data.map((m: { customerId: string }) => m.customerId)).toEqual([id]);
      expect(
        (await owner.call("DELETE", `/api/v1/communities/${community.id}/members/${id}`)).json(),
      ).toEqual({
        left: true,
      });
      const selfJoin = await member.post(`/communities/${community.id}/join`);
      expect(selfJoin.statusCode).toBe(409);
      expect(selfJoin.json().error.details.reason).toBe("removed");
      expect(
        (await owner.call("POST", `/api/v1/communities/${community.id}/members`, { customerId: id })).json(),
      ).toMatchObject({
        joined: true,
      });
      const unknown = await owner.call("POST", `/api/v1/communities/${community.id}/members`, {
        phone: "13000000000",
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.details.reason).toBe("unknown_phone");
    });
  });

  describe("staff recording for external groups", () => {
    it("imports a CSV of phones and reports unknown phones and a full community per row", async () => {
      const community = await createCommunity({ platform: "qq", capacity: 2 });
      const a = await newCustomer();
      const b = await newCustomer();
      const c = await newCustomer();
      const csv = `手机号\n${a.phone}\n${a.phone}\n13111111111\nnot-a-phone\n${b.phone}\n${c.phone}\n`;
      const form = new FormData();
      form.append("file", new Blob([csv], { type: "text/csv" }), "members.csv");
      const body = new Response(form);
      const res = await app.inject({
        method: "POST",
        url: `/api/v1/communities/${community.id}/members/import`,
        headers: {
          cookie: owner.cookie,
          "x-csrf-token": owner.csrfToken,
          "content-type": body.headers.get("content-type")!,
        },
        payload: Buffer.from(await body.arrayBuffer()),
      });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({
        joined: 2,
        alreadyMembers: 1,
        unknownPhones: 1,
        invalidPhones: 1,
        full: 1,
      });
      expect(report.rows.map((r: { line: number; outcome: string }) => [r.line, r.outcome])).toEqual([
        [2, "joined"],
        [3, "already_member"],
        [4, "unknown_phone"],
        [5, "invalid_phone"],
        [6, "joined"],
        [7, "community_full"],
      ]);
      expect(await count(sql`select member_count as n from communities where id = ${community.id}`)).toBe(2);
    });

    it("stores an uploaded group QR with a 7-day expiry and reminds once before it expires", async () => {
      const community = await createCommunity({ platform: "wechat", joinUrl: "https://weixin.qq.com/g/q" });
      const upload = async (file: Buffer, extra: Record<string, string> = {}) => {
        const form = new FormData();
        form.append("file", new Blob([new Uint8Array(file)]), "qr.png");
        for (const [k, v] of Object.entries(extra)) form.append(k, v);
        const body = new Response(form);
        return app.inject({
          method: "PUT",
          url: `/api/v1/communities/${community.id}/join-qr`,
          headers: {
            cookie: owner.cookie,
            "x-csrf-token": owner.csrfToken,
            "content-type": body.headers.get("content-type")!,
          },
          payload: Buffer.from(await body.arrayBuffer()),
        });
      };
      const notImage = await upload(Buffer.from("<svg/>"));
      expect(notImage.statusCode).toBe(400);
      const tooBig = await upload(Buffer.concat([png, Buffer.alloc(3 * 1024 * 1024)]));
      expect(tooBig.statusCode).toBe(413);
      const saved = await upload(png);
      expect(saved.statusCode, saved.body).toBe(200);
      const expires = new Date(saved.json().joinQrExpiresAt).getTime();
      expect(Math.abs(expires - (Date.now() + 7 * 86_400_000))).toBeLessThan(60_000);
      const image = await owner.call("GET", `/api/v1/communities/${community.id}/join-qr`);
      expect(image.headers["content-type"]).toBe("image/png");
      expect(image.rawPayload.equals(png)).toBe(true);

      const soon = new Date(Date.now() + 3 * 3_600_000).toISOString();
      expect((await upload(png, { expiresAt: soon })).json().joinQrState).toBe("expiring");
      const reminders = (await owner.call("GET", "/api/v1/communities/qr-reminders")).json().data;
      expect(reminders.map((r: { communityId: string }) => r.communityId)).toContain(community.id);
      const events = () =>
        count(sql`select count(*)::int as n from events where type = 'community.qr_expiring'
          and properties->>'communityId' = ${community.id}`);
      await Promise.all([remindExpiringQrs(use(), new Date()), remindExpiringQrs(use(), new Date())]);
      await remindExpiringQrs(use(), new Date());
      expect(await events()).toBe(1);
    });
  });

  describe("layered operations", () => {
    it("invites a customer who moved into a mapped layer, through the job, once", async () => {
      const layers = await withMerchant(use(), merchantId(), (tx) => listLayers(tx, merchantId()));
      const [top, bottom] = [layers[0]!, layers.at(-1)!];
      const vip = await createCommunity({ name: "VIP 群", welcomePoints: 5 });
      const saved = await owner.call("PUT", "/api/v1/communities/layer-mappings", {
        data: [{ layerId: top.id, communityId: vip.id }],
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const badMap = await owner.call("PUT", "/api/v1/communities/layer-mappings", {
        data: [{ layerId: randomUUID(), communityId: vip.id }],
      });
      expect(badMap.statusCode).toBe(404);
      const { id } = await newCustomer();
      await withMerchant(use(), merchantId(), (tx) =>
        emitLayerMoves(
          tx,
          merchantId(),
          [
            {
              customerId: id,
              fromLayerId: bottom.id,
              fromName: bottom.name,
              toLayerId: top.id,
              toName: top.name,
              reason: "rule",
            },
          ],
          new Date(),
        ),
      );
      const later = new Date(Date.now() + 120_000);
      await Promise.all([runLayerInvitations(use(), later), runLayerInvitations(use(), later)]);
      await runLayerInvitations(use(), later);
      const invitations = (
        await owner.call("GET", `/api/v1/communities/invitations?communityId=${vip.id}`)
      ).json();
      expect(invitations.data).toHaveLength(1);
      expect(invitations.data[0]).toMatchObject({
        customerId: id,
        status: "pending",
        reason: `layer:${top.id}`,
      });

      const member = await memberClient(id);
      const home = (await member.get("/communities")).json();
      expect(home.invitations.map((i: { communityId: string }) => i.communityId)).toEqual([vip.id]);
      const accepted = await member.post(`/community-invitations/${invitations.data[0].id}/accept`);
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({ joined: true, welcome: { points: 5 } });
      expect((await member.post(`/community-invitations/${invitations.data[0].id}/accept`)).statusCode).toBe(
        409,
      );
      const after = (await owner.call("GET", `/api/v1/communities/invitations?communityId=${vip.id}`)).json();
      expect(after.data[0].status).toBe("accepted");
    });
  });

  describe("external groups and higher layers on the member page", () => {
    it("records an external join when the member confirms it, and refuses confirming a built-in one", async () => {
      const community = await createCommunity({
        platform: "wecom",
        joinUrl: "https://work.weixin.qq.com/g/x",
        welcomePoints: 10,
      });
      const { id } = await newCustomer();
      const member = await memberClient(id);
      const page = (await member.get(`/communities/${community.id}`)).json();
      expect(page).toMatchObject({
        joinUrl: "https://work.weixin.qq.com/g/x",
        chatPath: null,
        hasJoinQr: false,
      });
      const confirmed = await member.post(`/communities/${community.id}/confirm-joined`);
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json()).toMatchObject({ joined: true, welcome: { points: 10 } });
      const source = await count(
        sql`select count(*)::int as n from community_members where community_id = ${community.id}
          and customer_id = ${id} and source = 'member:confirmed' and status = 'joined'`,
      );
      expect(source).toBe(1);
      const builtin = await createCommunity();
      const qr = new FormData();
      qr.append("file", new Blob([new Uint8Array(png)]), "qr.png");
      const body = new Response(qr);
      const refused = await app.inject({
        method: "PUT",
        url: `/api/v1/communities/${builtin.id}/join-qr`,
        headers: {
          cookie: owner.cookie,
          "x-csrf-token": owner.csrfToken,
          "content-type": body.headers.get("content-type")!,
        },
        payload: Buffer.from(await body.arrayBuffer()),
      });
      expect(refused.statusCode).toBe(422);
    });

    it("shows a lower layer what a higher layer's community offers, without letting them join", async () => {
      const { id } = await newCustomer();
      await withMerchant(use(), merchantId(), (tx) => refreshLayersFor(tx, merchantId(), [id]));
      const [placed] = await withSystem(use(), async (tx) =>
        rowsOf<{ position: number }>(
          await tx.execute(sql`select l.position from customer_layers cl join layers l
            on l.merchant_id = cl.merchant_id and l.id = cl.layer_id where cl.customer_id = ${id}`),
        ),
      );
      expect(placed?.position).toBeGreaterThan(1);
      const layers = await withMerchant(use(), merchantId(), (tx) => listLayers(tx, merchantId()));
      const top = await createCommunity({
        name: "核心会员群",
        audience: { kind: "layer", id: layers[0]!.id },
        welcomePoints: 200,
      });
      const member = await memberClient(id);
      const home = (await member.get("/communities")).json();
      expect(home.teasers).toContainEqual(
        expect.objectContaining({ id: top.id, layerName: layers[0]!.name, welcomePoints: 200 }),
      );
      expect(home.open.map((c: { id: string }) => c.id)).not.toContain(top.id);
      const refused = await member.post(`/communities/${top.id}/join`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.reason).toBe("not_in_audience");
      // Another shop's member page does not show this shop's community.
      const foreign = await newCustomer(other);
      const token = await createMemberSession(use(), other.merchant.id, foreign.id);
      const res = await app.inject({
        method: "GET",
        url: `/api/m/${other.merchant.slug}/communities/${top.id}`,
        headers: { cookie: `quanzi_member=${token}` },
      });
      expect(res.statusCode).toBe(404);
    });
  });

  describe("customer merge", () => {
    it("gives the kept customer the duplicate's communities and keeps every counter equal to its rows", async () => {
      const kept = await newCustomer();
      const duplicate = await newCustomer();
      const onlyDuplicate = await createCommunity({ name: "A" });
      const both = await createCommunity({ name: "B" });
      const keptLeft = await createCommunity({ name: "C" });
      const join = (communityId: string, customerId: string) =>
        withMerchant(use(), merchantId(), (tx) =>
          joinCommunity(tx, merchantId(), { communityId, customerId, source: "test" }),
        );
      await join(onlyDuplicate.id, duplicate.id);
      await join(both.id, duplicate.id);
      await join(both.id, kept.id);
      await join(keptLeft.id, kept.id);
      await withMerchant(use(), merchantId(), (tx) =>
        leaveCommunity(tx, merchantId(), {
          communityId: keptLeft.id,
          customerId: kept.id,
          action: "leave",
          source: "test",
        }),
      );
      await join(keptLeft.id, duplicate.id);
      await withMerchant(use(), merchantId(), (tx) =>
        mergeCustomers(tx, merchantId(), kept.id, duplicate.id, "api"),
      );
      for (const c of [onlyDuplicate, both, keptLeft]) {
        const counter = await count(sql`select member_count as n from communities where id = ${c.id}`);
        const rows = await count(
          sql`select count(*)::int as n from community_members where community_id = ${c.id} and status = 'joined'`,
        );
        const keptIn = await count(
          sql`select count(*)::int as n from community_members where community_id = ${c.id}
            and customer_id = ${kept.id} and status = 'joined'`,
        );
        expect([counter, rows, keptIn]).toEqual([1, 1, 1]);
      }
    });
  });

  describe("health", () => {
    it("counts members, joins and leaves by day, active members and member GMV against the target", async () => {
      const community = await createCommunity({ monthlyGmvTarget: 100_000 });
      const a = await newCustomer();
      const b = await newCustomer();
      for (const p of [a, b]) {
        await withMerchant(use(), merchantId(), (tx) =>
          joinCommunity(tx, merchantId(), { communityId: community.id, customerId: p.id, source: "test" }),
        );
      }
      await withMerchant(use(), merchantId(), (tx) =>
        leaveCommunity(tx, merchantId(), {
          communityId: community.id,
          customerId: b.id,
          action: "leave",
          source: "test",
        }),
      );
      const order = await app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: { authorization: `Bearer ${shop.apiKey}` },
        payload: {
          externalId: `C-${randomUUID()}`,
          customer: { phone: a.phone },
          placedAt: new Date().toISOString(),
          items: [{ sku: "A1", name: "奶粉", quantity: 1, unitPrice: 25_000 }],
        },
      });
      expect(order.statusCode, order.body).toBe(201);
      const health = (await owner.call("GET", `/api/v1/communities/${community.id}/health`)).json();
      expect(health.members).toBe(1);
      expect(health.joinsAndLeaves).toHaveLength(30);
      expect(health.joinsAndLeaves.at(-1)).toMatchObject({ joins: 2, leaves: 1 });
      expect(health.activeMembers7d).toBe(1);
      expect(health.month).toMatchObject({ orders: 1, gmv: 25_000, target: 100_000, progress: 0.25 });
      expect(health.ordersByDay.at(-1)).toMatchObject({ orders: 1, gmv: 25_000 });
    });
  });
});
