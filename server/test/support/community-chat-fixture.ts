import { sql } from "drizzle-orm";
import WebSocket from "ws";
import type { Database } from "../../src/db/database.js";
import { withSystem } from "../../src/db/tenant.js";
import { rowsOf } from "../../src/jobs/enqueue-job.js";
import { hashToken, randomToken } from "../../src/lib/tokens.js";

export type ChatMember = { customerId: string; cookie: string; token: string };

/**
 * A built-in community with members, written straight into community_members until the community
 * service's joinCommunity lands on main (then this fixture should call it).
 */
export async function seedCommunity(
  database: Database,
  merchantId: string,
  options: { members: number; rules?: string; rulesAccepted?: boolean; name?: string },
): Promise<{ communityId: string; members: ChatMember[] }> {
  const tokens = Array.from({ length: options.members }, () => randomToken(43));
  return withSystem(database, async (tx) => {
    const [community] = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into communities (merchant_id, name, purpose, platform, rules, member_count)
        values (${merchantId}, ${options.name ?? "咖啡同好群"}, 'content', 'builtin', ${options.rules ?? ""}, ${options.members})
        returning id`),
    );
    const communityId = community?.id as string;
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`insert into customers (merchant_id, name)
        select ${merchantId}::uuid, '群友 ' || n from generate_series(1, ${options.members}) n
        returning id`),
    ).map((r) => r.id);
    const sessions = ids.map((id, i) => ({ c: id, h: hashToken(tokens[i] as string) }));
    await tx.execute(sql`insert into member_sessions (merchant_id, token_hash, customer_id, expires_at)
      select ${merchantId}::uuid, s.h, s.c, now() + interval '1 day'
      from jsonb_to_recordset(${JSON.stringify(sessions)}::jsonb) as s(c uuid, h text)`);
    await tx.execute(sql`insert into community_members (merchant_id, community_id, customer_id, status, source, rules_accepted_at)
      select ${merchantId}::uuid, ${communityId}::uuid, c, 'joined', 'test', ${options.rulesAccepted === false ? null : new Date()}::timestamptz
      from unnest(${`{${ids.join(",")}}`}::uuid[]) c`);
    return {
      communityId,
      members: ids.map((customerId, i) => ({
        customerId,
        token: tokens[i] as string,
        cookie: `quanzi_member=${tokens[i]}`,
      })),
    };
  });
}

export type ChatFrame = {
  type: string;
  message?: { id: string; seq: number; body: string; pinnedAt: unknown; deleted: boolean };
  ref?: string;
  error?: { code: string };
};

/** A WebSocket client that keeps every frame and waits for the one a test expects. */
export async function openChatSocket(url: string, cookie: string) {
  const frames: ChatFrame[] = [];
  const waiters: { test: (f: ChatFrame) => boolean; resolve: (f: ChatFrame) => void }[] = [];
  const socket = new WebSocket(url, { headers: { cookie } });
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as ChatFrame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.test(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    socket,
    frames,
    closed,
    next(test: (f: ChatFrame) => boolean, timeoutMs = 5000): Promise<ChatFrame> {
      const found = frames.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no such frame in time")), timeoutMs);
        waiters.push({
          test,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        });
      });
    },
    close: () => socket.close(),
  };
}
