import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/db/database.js";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { findBlockedWord } from "../src/modules/community/chat/keyword-filter.js";
import { buildTestApp, createTestMerchant } from "./support/app.js";
import { type ChatMember, openChatSocket, seedCommunity } from "./support/community-chat-fixture.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

type Shop = Awaited<ReturnType<typeof createTestMerchant>>;

describe("keyword filter (pure)", () => {
  it.each([
    ["加微信领红包", ["加微信"], "加微信"],
    ["加 微 信 领红包", ["加微信"], "加微信"],
    ["ＶＸ：abc123", ["vx"], "vx"],
    ["今天的咖啡真好喝", ["加微信", "代购"], null],
    ["anything", [], null],
    ["a.*b", ["x.*"], null],
  ])("%s with %j finds %s", (text, words, found) => {
    expect(findBlockedWord([text], words)).toBe(found);
  });
});

describeEachDatabase("community chat", (use, kind) => {
  let app: App;
  let shop: Shop;
  let owner: StaffClient;
  let communityId: string;
  let members: ChatMember[];

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use());
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    ({ communityId, members } = await seedCommunity(use(), shop.merchant.id, { members: 3 }));
  });
  afterAll(async () => {
    await app.close();
  });

  const m = (path: string) => `/api/m/${shop.merchant.slug}/communities/${communityId}/chat${path}`;
  const staffPath = (path: string) => `/api/communities/${communityId}/chat${path}`;
  const memberCall = (member: ChatMember, method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as "GET",
      url,
      payload: payload as object | undefined,
      headers: { cookie: member.cookie, "x-requested-with": "quanzi" },
    });
  const memberSay = (member: ChatMember, body: string) =>
    memberCall(member, "POST", m("/messages"), { kind: "text", body });
  const staffSay = (body: string, extra: Record<string, unknown> = {}) =>
    owner.call("POST", staffPath("/messages"), { kind: "text", body, ...extra });
  const lastSeq = async () => (await owner.call("GET", staffPath(""))).json().lastSeq as number;

  it("pages history newest first, stable while new messages arrive", async () => {
    for (let i = 1; i <= 25; i++) expect((await staffSay(`历史 ${i}`)).statusCode).toBe(201);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await memberCall(
        members[0]!,
        "GET",
        m(`/messages?limit=10${cursor ? `&cursor=${cursor}` : ""}`),
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { data: { seq: number }[]; nextCursor: string | null };
      seen.push(...page.data.map((d) => d.seq));
      cursor = page.nextCursor;
      pages++;
      // Messages arriving between pages must not shift what the next page returns.
      if (pages === 1) for (let i = 0; i < 5; i++) await staffSay(`插入 ${i}`);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
    const after = await memberCall(members[0]!, "GET", m("/messages?after=25&limit=100"));
    expect(after.json().data.map((d: { seq: number }) => d.seq)).toEqual([26, 27, 28, 29, 30]);
  });

  it("numbers 40 parallel sends gaplessly, one seq each", async () => {
    const before = await lastSeq();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => memberSay(members[i % 3]!, `并发 ${i}`)),
    );
    const seqs = results.map((r) => {
      expect(r.statusCode, r.body).toBe(201);
      return r.json().seq as number;
    });
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => before + 1 + i));
  });

  it("counts unread messages per member and clears them on read", async () => {
    const [a, b] = [members[0]!, members[1]!];
    const top = await lastSeq();
    await memberCall(a, "POST", m("/read"), { seq: top });
    await memberCall(b, "POST", m("/read"), { seq: top });
    await memberSay(a, "一");
    await memberSay(a, "二");
    await staffSay("三");
    const unread = async (member: ChatMember) =>
      (await memberCall(member, "GET", `/api/m/${shop.merchant.slug}/communities/chat/unread`)).json().data[0]
        .unread;
    expect(await unread(a)).toBe(1);
    expect(await unread(b)).toBe(3);
    const end = await lastSeq();
    const read = await memberCall(b, "POST", m("/read"), { seq: end + 1000 });
    expect(read.json().lastReadSeq).toBe(end);
    expect(await unread(b)).toBe(0);
    expect((await memberCall(b, "GET", m(""))).json().me.unread).toBe(0);
  });

  it("refuses a message with a blocked word, with its reason, and writes nothing", async () => {
    const put = await owner.call("PUT", "/api/community-chat/settings", { blockedWords: ["加微信", "代购"] });
    expect(put.statusCode, put.body).toBe(200);
    const before = await lastSeq();
    const res = await memberSay(members[0]!, "加 微 信 有优惠");
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: "message_blocked", details: { word: "加微信" } });
    const link = await memberCall(members[0]!, "POST", m("/messages"), {
      kind: "link",
      url: "https://example.com/x",
      title: "代购 正品",
    });
    expect(link.json().error.code).toBe("message_blocked");
    expect(await lastSeq()).toBe(before);
    expect((await memberSay(members[0]!, "今天的拿铁不错")).statusCode).toBe(201);
    await owner.call("PUT", "/api/community-chat/settings", { blockedWords: [] });
  });

  it("mutes a member until staff lift it", async () => {
    const target = members[2]!;
    const mute = await owner.call("PUT", staffPath(`/members/${target.customerId}/mute`), { minutes: 30 });
    expect(mute.statusCode, mute.body).toBe(200);
    const refused = await memberSay(target, "我想说话");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("muted");
    expect((await memberCall(target, "GET", m(""))).json().me.mutedUntil).not.toBeNull();
    await owner.call("PUT", staffPath(`/members/${target.customerId}/mute`), { minutes: 0 });
    expect((await memberSay(target, "我又能说话了")).statusCode).toBe(201);
  });

  it("asks for the rules before the first message", async () => {
    const ruled = await seedCommunity(use(), shop.merchant.id, {
      members: 1,
      rules: "不发广告",
      rulesAccepted: false,
    });
    const path = `/api/m/${shop.merchant.slug}/communities/${ruled.communityId}/chat`;
    const member = ruled.members[0]!;
    expect((await memberCall(member, "GET", path)).json().me.rulesAccepted).toBe(false);
    const refused = await memberCall(member, "POST", `${path}/messages`, { kind: "text", body: "hi" });
    expect(refused.json().error.code).toBe("rules_not_accepted");
    expect((await memberCall(member, "POST", `${path}/rules/accept`)).statusCode).toBe(204);
    expect((await memberCall(member, "GET", path)).json().me.rulesAccepted).toBe(true);
    expect(
      (await memberCall(member, "POST", `${path}/messages`, { kind: "text", body: "hi" })).statusCode,
    ).toBe(201);
  });

  it("pins and unpins announcements and deletes messages (staff only)", async () => {
    const sent = (await staffSay("周六闭店一天", { pin: true })).json();
    expect(sent.pinnedAt).not.toBeNull();
    const other = (await staffSay("新品上架")).json();
    expect((await owner.call("PUT", staffPath(`/messages/${other.id}/pin`))).statusCode).toBe(200);
    let info = (await memberCall(members[0]!, "GET", m(""))).json();
    expect(info.pinned.map((p: { id: string }) => p.id)).toEqual([other.id, sent.id]);
    await owner.call("DELETE", staffPath(`/messages/${other.id}/pin`));
    const mine = (await memberSay(members[0]!, "要删的")).json();
    const del = await owner.call("DELETE", staffPath(`/messages/${mine.id}`));
    expect(del.json()).toMatchObject({ deleted: true, body: "" });
    info = (await memberCall(members[0]!, "GET", m(""))).json();
    expect(info.pinned.map((p: { id: string }) => p.id)).toEqual([sent.id]);
    expect(
      (await memberCall(members[0]!, "POST", m("/messages"), { kind: "text", body: "x", pin: true }))
        .statusCode,
    ).toBe(403);
    expect(
      (await memberCall(members[0]!, "DELETE", `/api/communities/${communityId}/chat/messages/${sent.id}`))
        .statusCode,
    ).toBe(401);
  });

  it("posts cards from the coupon and check-in services and images of the allowed types", async () => {
    const template = await owner.call("POST", "/api/v1/coupon-templates", {
      name: "满100减10",
      rule: { kind: "threshold", tiers: [{ minSpend: 10000, amountOff: 1000 }] },
      validity: { type: "fixed", validUntil: "2099-01-01T00:00:00Z" },
    });
    expect(template.statusCode, template.body).toBe(201);
    const card = await owner.call("POST", staffPath("/messages"), {
      kind: "card",
      card: { kind: "coupon_template", id: template.json().id },
    });
    expect(card.statusCode, card.body).toBe(201);
    expect(card.json().card).toMatchObject({ title: "满100减10", available: true });
    expect(card.json().card.subtitle).not.toBe("");
    const checkin = await owner.call("POST", staffPath("/messages"), {
      kind: "card",
      card: { kind: "checkin", id: null },
    });
    expect(checkin.json().card).toMatchObject({ kind: "checkin", title: "checkin" });
    const missing = await owner.call("POST", staffPath("/messages"), {
      kind: "card",
      card: { kind: "flash_sale", id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.statusCode).toBe(404);

    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
      "hex",
    );
    const upload = (bytes: Buffer, type: string) => {
      const boundary = "----chat";
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return app.inject({
        method: "POST",
        url: m("/images"),
        payload: body,
        headers: {
          cookie: members[0]!.cookie,
          "x-requested-with": "quanzi",
          "content-type": `multipart/form-data; boundary=${boundary}`,
        },
      });
    };
    const ok = await upload(png, "image/png");
    expect(ok.statusCode, ok.body).toBe(201);
    const sent = await memberCall(members[0]!, "POST", m("/messages"), {
      kind: "image",
      imageId: ok.json().imageId,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const image = await memberCall(members[1]!, "GET", m(`/images/${ok.json().imageId}`));
    expect(image.headers["content-type"]).toBe("image/png");
    expect(Buffer.from(image.rawPayload).equals(png)).toBe(true);
    const html = await upload(Buffer.from("<script>alert(1)</script>"), "image/png");
    expect(html.json().error.code).toBe("validation_failed");
    const huge = await upload(Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]), "image/png");
    expect(huge.statusCode).toBe(413);
  });

  it("refuses bad input with a code and writes nothing", async () => {
    const before = await lastSeq();
    const bad: unknown[] = [
      { kind: "text", body: "" },
      { kind: "poll", body: "x" },
      { kind: "link", url: "javascript:alert(1)" },
      { kind: "text", body: "x".repeat(2001) },
      { kind: "image", imageId: "not-a-uuid" },
      { kind: "text", body: "x", extra: 1 },
    ];
    for (const payload of bad) {
      const res = await memberCall(members[0]!, "POST", m("/messages"), payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
    expect((await memberCall(members[0]!, "GET", m("/messages?cursor=abc"))).statusCode).toBe(400);
    expect(
      (await owner.call("PUT", staffPath(`/members/${members[0]!.customerId}/mute`), { minutes: -1 }))
        .statusCode,
    ).toBe(400);
    expect(await lastSeq()).toBe(before);
  });

  it("refuses non-members and other shops", async () => {
    const outsider = await seedCommunity(use(), shop.merchant.id, { members: 1, name: "另一个群" });
    const stranger = outsider.members[0]!;
    expect((await memberCall(stranger, "GET", m(""))).statusCode).toBe(403);
    expect((await memberCall(stranger, "GET", m("/messages"))).statusCode).toBe(403);
    expect((await memberSay(stranger, "我不是群成员")).statusCode).toBe(403);
    const port = await listenOnce();
    await expect(openChatSocket(`ws://127.0.0.1:${port}${m("/socket")}`, stranger.cookie)).rejects.toThrow(
      "HTTP 403",
    );

    const other = await createTestMerchant(use(), "Other Shop");
    const otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
    expect((await otherOwner.call("GET", staffPath(""))).statusCode).toBe(404);
    expect(
      (await otherOwner.call("POST", staffPath("/messages"), { kind: "text", body: "越界" })).statusCode,
    ).toBe(404);
    const theirs = await seedCommunity(use(), other.merchant.id, { members: 1 });
    const path = `/api/m/${other.merchant.slug}/communities/${communityId}/chat`;
    expect((await memberCall(theirs.members[0]!, "GET", path)).statusCode).toBe(404);
    await expect(
      openChatSocket(`ws://127.0.0.1:${port}/api/communities/${communityId}/chat/socket`, otherOwner.cookie),
    ).rejects.toThrow("HTTP 404");
    await expect(
      openChatSocket(
        `ws://127.0.0.1:${port}/api/m/${other.merchant.slug}/communities/${communityId}/chat/socket`,
        theirs.members[0]!.cookie,
      ),
    ).rejects.toThrow("HTTP 404");
    await expect(
      openChatSocket(
        `ws://127.0.0.1:${port}/api/communities/${communityId}/chat/socket`,
        "quanzi_session=nope",
      ),
    ).rejects.toThrow("HTTP 401");
    const list = await otherOwner.call("GET", "/api/community-chat/communities");
    expect(list.json().data.map((c: { id: string }) => c.id)).toEqual([theirs.communityId]);
  });

  let listening: string | null = null;
  async function listenOnce(): Promise<number> {
    if (!listening) listening = await app.listen({ port: 0, host: "127.0.0.1" });
    return Number(new URL(listening).port);
  }

  it("delivers live over WebSocket, catches up after a reconnect and closes a removed member's socket", async () => {
    const port = await listenOnce();
    const url = `ws://127.0.0.1:${port}${m("/socket")}`;
    const reader = await openChatSocket(url, members[1]!.cookie);
    await reader.next((f) => f.type === "ready");
    const writer = await openChatSocket(url, members[0]!.cookie);
    await writer.next((f) => f.type === "ready");
    writer.socket.send(
      JSON.stringify({ type: "send", ref: "r1", message: { kind: "text", body: "实时消息" } }),
    );
    const ack = await writer.next((f) => f.type === "ack" && f.ref === "r1");
    const live = await reader.next((f) => f.type === "message" && f.message?.id === ack.message?.id);
    expect(live.message?.body).toBe("实时消息");
    writer.socket.send(
      JSON.stringify({ type: "send", ref: "r2", message: { kind: "card", card: { kind: "checkin" } } }),
    );
    expect((await writer.next((f) => f.ref === "r2")).error?.code).toBe("forbidden");

    reader.close();
    const seen = live.message?.seq as number;
    await staffSay("断线期间 1");
    await staffSay("断线期间 2");
    const again = await openChatSocket(`${url}?after=${seen}`, members[1]!.cookie);
    await again.next((f) => f.type === "ready");
    expect(again.frames.filter((f) => f.type === "message").map((f) => f.message?.body)).toEqual([
      "断线期间 1",
      "断线期间 2",
    ]);

    const pin = (await staffSay("公告：周末活动")).json();
    await owner.call("PUT", staffPath(`/messages/${pin.id}/pin`));
    const update = await again.next((f) => f.type === "update" && f.message?.id === pin.id);
    expect(update.message?.pinnedAt).not.toBeNull();

    const removed = await owner.call("POST", staffPath(`/members/${members[1]!.customerId}/remove`));
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await again.closed).toBe(4403);
    expect((await memberSay(members[1]!, "我还在吗")).statusCode).toBe(403);
    writer.close();
    await withSystem(use(), (tx) =>
      tx.execute(sql`update community_members set status = 'joined', left_at = null
        where merchant_id = ${shop.merchant.id} and community_id = ${communityId} and customer_id = ${members[1]!.customerId}`),
    );
  });

  it("delivers a message sent through one server process to a socket on another", async () => {
    // A second process: its own app and, on PostgreSQL, its own connections to the same database.
    const database = use();
    let second: Database = database;
    if (kind === "postgres") {
      second = await openDatabase({ databaseUrl: database.pool?.options.connectionString, poolSize: 4 });
      second.appRole = database.appRole;
    }
    const otherApp = await buildTestApp(second);
    try {
      const address = await otherApp.listen({ port: 0, host: "127.0.0.1" });
      const port1 = await listenOnce();
      const onFirst = await openChatSocket(`ws://127.0.0.1:${port1}${m("/socket")}`, members[0]!.cookie);
      const onSecond = await openChatSocket(
        `${address.replace("http", "ws")}${m("/socket")}`,
        members[2]!.cookie,
      );
      await Promise.all([onFirst.next((f) => f.type === "ready"), onSecond.next((f) => f.type === "ready")]);
      const viaSecond = await otherApp.inject({
        method: "POST",
        url: m("/messages"),
        payload: { kind: "text", body: "从第二个进程发出" },
        headers: { cookie: members[2]!.cookie, "x-requested-with": "quanzi" },
      });
      expect(viaSecond.statusCode, viaSecond.body).toBe(201);
      const arrived = await onFirst.next(
        (f) => f.type === "message" && f.message?.id === viaSecond.json().id,
      );
      expect(arrived.message?.body).toBe("从第二个进程发出");
      const viaFirst = (await staffSay("从第一个进程发出")).json();
      const back = await onSecond.next((f) => f.type === "message" && f.message?.id === viaFirst.id);
      expect(back.message?.seq).toBe(viaFirst.seq);
      onFirst.close();
      onSecond.close();
    } finally {
      await otherApp.close();
      if (second !== database) await second.close();
    }
  });

  it("stores nothing across shops: row-level security hides the chat from another merchant", async () => {
    const other = await createTestMerchant(use(), "Third Shop");
    const count = await withMerchant(use(), other.merchant.id, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from community_chat_messages`)),
    );
    if (use().appRole) expect(count[0]?.n).toBe(0);
  });
});
