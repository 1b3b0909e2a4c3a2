import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * Writes a built-in community and its members straight into a stopped server's embedded database,
 * until the community service (joinCommunity) lands on main and the test can join through it.
 */
export async function seedChatCommunity(
  dataDir: string,
  input: { merchantId: string; name: string; rules: string; customerIds: string[] },
): Promise<string> {
  const db = await PGlite.create(path.join(dataDir, "pgdata"));
  try {
    await db.query("select set_config('quanzi.system', 'on', false)");
    const { rows } = await db.query<{ id: string }>(
      `insert into communities (merchant_id, name, purpose, platform, rules, member_count)
       values ($1, $2, 'content', 'builtin', $3, $4) returning id`,
      [input.merchantId, input.name, input.rules, input.customerIds.length],
    );
    const communityId = rows[0]?.id as string;
    for (const customerId of input.customerIds) {
      await db.query(
        `insert into community_members (merchant_id, community_id, customer_id, status, source)
         values ($1, $2, $3, 'joined', 'browser-test')`,
        [input.merchantId, communityId, customerId],
      );
    }
    return communityId;
  } finally {
    await db.close();
  }
}
