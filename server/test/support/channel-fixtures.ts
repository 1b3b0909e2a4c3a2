import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/database.js";
import { withSystem } from "../../src/db/tenant.js";
import { rowsOf } from "../../src/jobs/enqueue-job.js";

/**
 * Communities, staff and customers written straight in SQL for the live-code tests: the
 * community service (another engineer's part) is not on this branch yet.
 */
export async function seedCommunity(
  database: Database,
  merchantId: string,
  fields: { name: string; capacity?: number | null; platform?: string; joinUrl?: string | null },
): Promise<string> {
  return withSystem(database, async (tx) => {
    const row = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into communities (merchant_id, name, purpose, platform, capacity, join_url)
        values (${merchantId}, ${fields.name}, 'marketing', ${fields.platform ?? "wechat"}, ${fields.capacity ?? null},
          ${fields.joinUrl === undefined ? "https://weixin.qq.com/g/example" : fields.joinUrl})
        returning id`),
    )[0];
    if (!row) throw new Error("community not created");
    return row.id;
  });
}

export async function seedStaff(database: Database, merchantId: string, name: string): Promise<string> {
  return withSystem(database, async (tx) => {
    const email = `${name.replace(/\W/g, "")}-${Math.random().toString(36).slice(2)}@example.com`;
    const user = rowsOf<{ id: string }>(
      await tx.execute(
        sql`insert into users (email, name, password_hash) values (${email}, ${name}, 'x') returning id`,
      ),
    )[0];
    const staff = rowsOf<{ id: string }>(
      await tx.execute(
        sql`insert into staff (merchant_id, user_id, role) values (${merchantId}, ${user?.id}, 'clerk') returning id`,
      ),
    )[0];
    if (!staff) throw new Error("staff not created");
    return staff.id;
  });
}

export async function seedCustomers(
  database: Database,
  merchantId: string,
  count: number,
): Promise<string[]> {
  return withSystem(database, async (tx) =>
    rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}::uuid, '渠道客人 ' || n from generate_series(1, ${count}) n returning id`),
    ).map((r) => r.id),
  );
}

export async function seedStore(
  database: Database,
  merchantId: string,
  fields: { name: string; city: string; latitude?: number; longitude?: number },
): Promise<string> {
  return withSystem(database, async (tx) => {
    const row = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into stores (merchant_id, code, name, city, latitude, longitude)
        values (${merchantId}, ${`S${Math.random().toString(36).slice(2, 8)}`}, ${fields.name}, ${fields.city},
          ${fields.latitude ?? null}, ${fields.longitude ?? null}) returning id`),
    )[0];
    if (!row) throw new Error("store not created");
    return row.id;
  });
}
