import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withMerchant, withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { pruneContentImages } from "../src/modules/content/content-images.js";
import { runDueOccurrences, writeDueOccurrences } from "../src/modules/content/run-due.js";
import { createStaffTask } from "../src/modules/tasks/staff-tasks.js";
import { createTestMerchant, testConfig } from "./support/app.js";
import { seedCommunity } from "./support/community-chat-fixture.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

const shanghai = (wall: string) => new Date(`${wall}+08:00`);
const png = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

describeEachDatabase("content calendar images", (use) => {
  let app: App;
  const clock = shanghai("2027-03-01T10:00:00");
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let otherOwner: StaffClient;

  beforeAll(async () => {
    app = await buildApp({ database: use(), config: testConfig, now: () => clock });
    await app.ready();
    shop = await createTestMerchant(use(), "Image Shop");
    other = await createTestMerchant(use(), "Other Shop");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
  });
  afterAll(async () => {
    await app.close();
  });

  const upload = (client: StaffClient, bytes: Buffer) => {
    const boundary = "----post";
    return app.inject({
      method: "POST",
      url: "/api/v1/content/images",
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: {
        cookie: client.cookie,
        "x-csrf-token": client.csrfToken,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
    });
  };

  it("posts an image uploaded in the editor into the built-in chat as a chat image", async () => {
    const { communityId } = await seedCommunity(use(), shop.merchant.id, { members: 1 });
    const refused = await upload(owner, Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("validation_failed");

    const uploaded = await upload(owner, png);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { id, url } = uploaded.json();
    expect(url).toBe(`/api/v1/content/images/${id}`);
    const served = await owner.call("GET", url);
    expect(served.headers["content-type"]).toBe("image/png");
    expect(served.rawPayload.equals(png)).toBe(true);
    expect((await otherOwner.call("GET", url)).statusCode).toBe(404);

    const post = await owner.call("POST", "/api/v1/content/posts", {
      communityId,
      title: "新品图",
      body: "看看这款",
      imageUrl: url,
      schedule: { repeat: "once", startDate: "2027-03-01", localTime: "15:00" },
    });
    expect(post.statusCode, post.body).toBe(201);
    const bad = await owner.call("POST", "/api/v1/content/posts", {
      communityId,
      title: "x",
      imageUrl: "/api/v1/content/images/not-an-id",
      schedule: { repeat: "once", startDate: "2027-03-01", localTime: "15:00" },
    });
    expect(bad.statusCode).toBe(400);

    const at = shanghai("2027-03-01T15:00:00");
    await writeDueOccurrences(use(), at);
    await runDueOccurrences(use(), at);
    const messages = rowsOf<{ kind: string; image_id: string | null; origin: string | null; body: string }>(
      await withSystem(use(), (tx) =>
        tx.execute(sql`select kind, image_id, origin, body from community_chat_messages
          where merchant_id = ${shop.merchant.id} and community_id = ${communityId} order by seq`),
      ),
    );
    expect(messages.map((m) => [m.kind, m.origin])).toEqual([
      ["image", "calendar"],
      ["text", "calendar"],
    ]);
    const image = await owner.call(
      "GET",
      `/api/communities/${communityId}/chat/images/${messages[0]?.image_id}`,
    );
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.equals(png)).toBe(true);
  });

  it("deletes uploads nothing refers to a day after upload, and keeps those a template, post or task shows", async () => {
    const { communityId } = await seedCommunity(use(), shop.merchant.id, { members: 1 });
    const uploadUrl = async () => (await upload(owner, png)).json().url as string;
    const [forTemplate, forPost, forTask, orphan] = [
      await uploadUrl(),
      await uploadUrl(),
      await uploadUrl(),
      await uploadUrl(),
    ];
    const template = await owner.call("POST", "/api/v1/content/templates", {
      kind: "tip",
      title: "养生小贴士",
      imageUrl: forTemplate,
      promotional: false,
    });
    expect(template.statusCode, template.body).toBe(201);
    const post = await owner.call("POST", "/api/v1/content/posts", {
      communityId,
      title: "周末试吃",
      imageUrl: forPost,
      schedule: { repeat: "once", startDate: "2027-03-09", localTime: "15:00" },
    });
    expect(post.statusCode, post.body).toBe(201);
    await withMerchant(use(), shop.merchant.id, (tx) =>
      createStaffTask(tx, shop.merchant.id, {
        kind: "calendar_post",
        source: `test:${forTask}`,
        assigneeStaffId: null,
        communityId,
        title: "发到外部群",
        imageUrl: `https://shop.example.com${forTask}`,
        now: clock,
      }),
    );
    const exists = async (url: string) => (await owner.call("GET", url)).statusCode === 200;

    // Within the day nothing goes, not even the orphan: its post may not be saved yet.
    await pruneContentImages(use(), new Date());
    expect(await exists(orphan)).toBe(true);
    const deleted = await pruneContentImages(use(), new Date(Date.now() + 25 * 3_600_000));
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await exists(orphan)).toBe(false);
    for (const kept of [forTemplate, forPost, forTask]) expect(await exists(kept)).toBe(true);
  });
});
