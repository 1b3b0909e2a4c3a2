import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { joinThroughLiveCode } from "../src/modules/channels/join-live-code.js";
import { sendWelcomeMessage } from "../src/modules/community/community-messages.js";
import { joinCommunity, leaveCommunity } from "../src/modules/community/join-community.js";
import { inviteCustomer } from "../src/modules/community/layer-invitations.js";
import { findOrCreateCustomer } from "../src/modules/customers/create-customer.js";
import { updateMessageSettings } from "../src/modules/messaging/message-settings.js";
import { buildTestApp, createTestMerchant } from "./support/app.js";
import { seedCommunity } from "./support/channel-fixtures.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

const local = (wall: string) => new Date(`${wall}+08:00`);

type Row = {
  category: string;
  status: string;
  hold_reason: string | null;
  title: string;
  body: string;
  link: string | null;
  source_id: string | null;
};

describeEachDatabase("community and live-code messages", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let phones = 0;

  beforeAll(async () => {
    app = await buildTestApp(use());
    shop = await createTestMerchant(use(), "圈子咖啡");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    await withMerchant(use(), shop.merchant.id, (tx) =>
      updateMessageSettings(tx, shop.merchant.id, { quietHours: { start: "21:00", end: "09:00" } }),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const merchantId = () => shop.merchant.id;
  const newCustomer = () => {
    const phone = `137${String(process.pid % 1000).padStart(3, "0")}${String(++phones).padStart(5, "0")}`;
    return withMerchant(use(), merchantId(), (tx) =>
      findOrCreateCustomer(tx, merchantId(), { phone }, { source: "api" }),
    ).then((c) => c.id);
  };
  const messagesOf = (customerId: string, kind: string) =>
    withSystem(use(), async (tx) =>
      rowsOf<Row>(
        await tx.execute(sql`select m.category, m.status, m.hold_reason, s.title, s.body, s.link, s.source_id
          from messages m join message_sends s on s.merchant_id = m.merchant_id and s.id = m.send_id
          where m.merchant_id = ${merchantId()} and m.customer_id = ${customerId} and s.source_kind = ${kind}`),
      ),
    );

  it("sends a layer invitation as a promotional message, held in quiet hours with its reason, once per invitation", async () => {
    const vip = await seedCommunity(use(), merchantId(), { name: "VIP 群", platform: "builtin" });
    const night = await newCustomer();
    const invite = (customerId: string, now: Date) =>
      withMerchant(use(), merchantId(), (tx) =>
        inviteCustomer(tx, merchantId(), { communityId: vip, customerId, reason: "layer:test", now }),
      );
    expect(await invite(night, local("2027-03-02T22:30:00"))).toBe(1);
    expect(await invite(night, local("2027-03-02T22:31:00"))).toBe(0);
    const held = await messagesOf(night, "community_invitation");
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      category: "promotional",
      status: "scheduled",
      hold_reason: "quiet_hours",
      title: "邀请你加入「VIP 群」",
      link: `/m/${shop.merchant.slug}/community/${vip}`,
    });

    const day = await newCustomer();
    expect(await invite(day, local("2027-03-02T11:00:00"))).toBe(1);
    expect(await messagesOf(day, "community_invitation")).toMatchObject([
      { category: "promotional", status: "delivered", hold_reason: null },
    ]);
  });

  it("sends a community's welcome as a service message once, under parallel joins, a retry, and leave + re-join; none without a welcome", async () => {
    const res = await owner.call("POST", "/api/v1/communities", {
      name: "咖啡爱好者",
      purpose: "content",
      platform: "builtin",
      welcomeMessage: "欢迎！群规见置顶。",
    });
    expect(res.statusCode, res.body).toBe(201);
    const communityId = res.json().id as string;
    const customerId = await newCustomer();
    // 22:00 is quiet, but a welcome answers the customer's own action: service, delivered now.
    const now = local("2027-03-02T22:00:00");
    const join = () =>
      withMerchant(use(), merchantId(), (tx) =>
        joinCommunity(tx, merchantId(), { communityId, customerId, source: "member", now }),
      ).catch((error: unknown) => error);
    await Promise.all(Array.from({ length: 8 }, join));
    await withMerchant(use(), merchantId(), (tx) =>
      sendWelcomeMessage(tx, merchantId(), {
        communityId,
        communityName: "咖啡爱好者",
        customerId,
        message: "欢迎！群规见置顶。",
        now,
      }),
    );
    await withMerchant(use(), merchantId(), (tx) =>
      leaveCommunity(tx, merchantId(), { communityId, customerId, action: "leave", source: "member", now }),
    );
    await join();
    const sent = await messagesOf(customerId, "community_welcome");
    expect(sent).toEqual([
      {
        category: "service",
        status: "delivered",
        hold_reason: null,
        title: "咖啡爱好者",
        body: "欢迎！群规见置顶。",
        link: `/m/${shop.merchant.slug}/community/${communityId}`,
        source_id: communityId,
      },
    ]);

    const quiet = await seedCommunity(use(), merchantId(), { name: "无欢迎语", platform: "builtin" });
    await withMerchant(use(), merchantId(), (tx) =>
      joinCommunity(tx, merchantId(), { communityId: quiet, customerId, source: "member", now }),
    );
    expect(await messagesOf(customerId, "community_welcome")).toHaveLength(1);
  });

  it("sends a live code's welcome once per customer, even when parallel scans all find every target full", async () => {
    const full = await seedCommunity(use(), merchantId(), { name: "满员群", capacity: 1 });
    const created = await owner.call("POST", "/api/v1/live-codes", {
      name: "传单",
      kind: "online",
      strategy: "fill",
      cost: 0,
      welcomeMessage: "欢迎来到圈子咖啡！",
      targets: [{ kind: "community", communityId: full }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const code = created.json() as { id: string; code: string };
    const join = (customerId: string) =>
      joinThroughLiveCode(use(), merchantId(), {
        code: code.code,
        slug: shop.merchant.slug,
        customerId,
        newMember: true,
        now: local("2027-03-02T23:00:00"),
        actor: { kind: "member", merchantId: merchantId(), customerId },
      });
    const first = await newCustomer();
    expect((await join(first)).allFull).toBe(false);
    const late = await newCustomer();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => join(late)));
    expect(outcomes.every((o) => o.allFull && !o.sticky)).toBe(true);
    for (const customerId of [first, late]) {
      expect(await messagesOf(customerId, "live_code_welcome")).toEqual([
        {
          category: "service",
          status: "delivered",
          hold_reason: null,
          title: "圈子咖啡",
          body: "欢迎来到圈子咖啡！",
          link: `/m/${shop.merchant.slug}/join/${code.code}`,
          source_id: code.id,
        },
      ]);
    }
  });
});
