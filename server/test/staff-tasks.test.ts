import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import { withSystem } from "../src/db/tenant.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { hashPassword } from "../src/lib/passwords.js";
import { runEventTasks } from "../src/modules/tasks/event-tasks.js";
import { createTestMerchant, testConfig } from "./support/app.js";
import { seedCommunity } from "./support/channel-fixtures.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

const password = "correct horse battery";

/** A staff member who can sign in, with the given role. */
async function seedLogin(database: Database, merchantId: string, role: string) {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
  const hash = await hashPassword(password);
  return withSystem(database, async (tx) => {
    const [user] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into users (email, name, password_hash)
        values (${email}, ${`店员 ${role}`}, ${hash}) returning id`),
    );
    const [staff] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into staff (merchant_id, user_id, role)
        values (${merchantId}, ${user!.id}, ${role}) returning id`),
    );
    return { staffId: staff!.id, email };
  });
}

async function seedEvent(database: Database, merchantId: string, type: string, properties: object) {
  await withSystem(database, (tx) =>
    tx.execute(sql`insert into events (merchant_id, type, properties, source, occurred_at, created_at)
      values (${merchantId}, ${type}, ${JSON.stringify(properties)}::jsonb, 'system',
        now() - interval '5 minutes', now() - interval '5 minutes')`),
  );
}

describeEachDatabase("staff tasks", (use) => {
  let app: App;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;
  let other: Awaited<ReturnType<typeof createTestMerchant>>;
  let owner: StaffClient;
  let otherOwner: StaffClient;
  let clerk: StaffClient;
  let clerkId: string;
  let groupId: string;

  beforeAll(async () => {
    app = await buildApp({ database: use(), config: testConfig, now: () => new Date() });
    await app.ready();
    shop = await createTestMerchant(use(), "Task Shop");
    other = await createTestMerchant(use(), "Other Shop");
    owner = await loginStaff(app, shop.ownerEmail, shop.ownerPassword);
    otherOwner = await loginStaff(app, other.ownerEmail, other.ownerPassword);
    const c = await seedLogin(use(), shop.merchant.id, "clerk");
    clerkId = c.staffId;
    clerk = await loginStaff(app, c.email, password);
    groupId = await seedCommunity(use(), shop.merchant.id, { name: "福利1群", capacity: 200 });
    await withSystem(use(), (tx) =>
      tx.execute(sql`update communities set owner_staff_id = ${clerkId} where id = ${groupId}`),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const tasksOf = async (merchantId: string) =>
    rowsOf<{ kind: string; source: string; assignee_staff_id: string | null; title: string }>(
      await withSystem(use(), (tx) =>
        tx.execute(sql`select kind, source, assignee_staff_id, title from staff_tasks
          where merchant_id = ${merchantId} order by kind, source`),
      ),
    );

  it("turns each QR-expiry and nearly-full event into exactly one task, even with racing processes", async () => {
    const [code] = rowsOf<{ id: string }>(
      await withSystem(use(), (tx) =>
        tx.execute(sql`insert into live_codes (merchant_id, code, name, kind, strategy)
          values (${shop.merchant.id}, ${`T${Math.random().toString(36).slice(2, 10)}`}, '门店前台', 'store', 'fill')
          returning id`),
      ),
    );
    const [target] = rowsOf<{ id: string }>(
      await withSystem(use(), (tx) =>
        tx.execute(sql`insert into live_code_targets (merchant_id, live_code_id, kind, community_id, capacity, assigned)
          values (${shop.merchant.id}, ${code!.id}, 'community', ${groupId}, 200, 181) returning id`),
      ),
    );
    await seedEvent(use(), shop.merchant.id, "community.qr_expiring", {
      communityId: groupId,
      name: "福利1群",
      ownerStaffId: clerkId,
      expiresAt: "2027-01-01T00:00:00.000Z",
    });
    await seedEvent(use(), shop.merchant.id, "live_code.target_nearly_full", {
      liveCodeId: code!.id,
      targetId: target!.id,
      assigned: 181,
      capacity: 200,
    });
    await seedEvent(use(), shop.merchant.id, "layer.moved", { toLayerId: "x" });
    await seedEvent(use(), other.merchant.id, "community.qr_expiring", { name: "别家群" });

    await Promise.all(Array.from({ length: 4 }, () => runEventTasks(use(), new Date())));
    await runEventTasks(use(), new Date());
    const tasks = await tasksOf(shop.merchant.id);
    expect(tasks.map((t) => [t.kind, t.assignee_staff_id])).toEqual([
      ["group_nearly_full", clerkId],
      ["qr_expiring", clerkId],
    ]);
    expect(tasks[0]!.title).toContain("Open a new group before 福利1群 fills");
    expect(tasks[1]!.title).toContain("Upload a fresh join QR for 福利1群");
    expect(new Set(tasks.map((t) => t.source)).size).toBe(2);
    expect(await tasksOf(other.merchant.id)).toHaveLength(1);
  });

  it("lists my tasks and everybody's (managers only), pages with a cursor, and marks done once", async () => {
    const mine = await clerk.call("GET", "/api/v1/tasks?status=open");
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data).toHaveLength(2);
    expect((await clerk.call("GET", "/api/v1/tasks?scope=all")).json().error.code).toBe("forbidden");
    expect((await owner.call("GET", "/api/v1/tasks")).json().data).toHaveLength(0);
    const first = await owner.call("GET", "/api/v1/tasks?scope=all&limit=1");
    expect(first.json().data).toHaveLength(1);
    const second = await owner.call(
      "GET",
      `/api/v1/tasks?scope=all&limit=1&cursor=${encodeURIComponent(first.json().nextCursor)}`,
    );
    expect(second.json().data).toHaveLength(1);
    expect(second.json().data[0].id).not.toBe(first.json().data[0].id);
    expect(second.json().nextCursor).toBeNull();

    const taskId = mine.json().data[0].id as string;
    const foreign = await otherOwner.call("POST", `/api/v1/tasks/${taskId}/done`);
    expect(foreign.statusCode).toBe(404);
    const bad = await clerk.call("POST", "/api/v1/tasks/not-a-uuid/done");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_failed");
    const badQuery = await clerk.call("GET", "/api/v1/tasks?status=maybe");
    expect(badQuery.statusCode).toBe(400);
    const done = await clerk.call("POST", `/api/v1/tasks/${taskId}/done`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", doneByStaffId: clerkId, doneByName: "店员 clerk" });
    const twice = await clerk.call("POST", `/api/v1/tasks/${taskId}/done`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("already_done");
    expect((await clerk.call("GET", "/api/v1/tasks?status=open")).json().data).toHaveLength(1);
    expect((await clerk.call("GET", "/api/v1/tasks?status=done")).json().data).toHaveLength(1);
    expect((await otherOwner.call("GET", "/api/v1/tasks?scope=all")).json().data).toHaveLength(1);
  });

  it("lets staff close only their own tasks, managers any", async () => {
    const c2 = await seedLogin(use(), shop.merchant.id, "clerk");
    const clerk2 = await loginStaff(app, c2.email, password);
    const open = (await clerk.call("GET", "/api/v1/tasks?status=open")).json().data[0].id as string;
    const refused = await clerk2.call("POST", `/api/v1/tasks/${open}/done`);
    expect(refused.statusCode).toBe(403);
    const [row] = await tasksOf(shop.merchant.id);
    expect(row).toBeDefined();
    const byOwner = await owner.call("POST", `/api/v1/tasks/${open}/done`);
    expect(byOwner.json()).toMatchObject({ status: "done", doneByStaffId: shop.ownerStaffId });
  });
});
