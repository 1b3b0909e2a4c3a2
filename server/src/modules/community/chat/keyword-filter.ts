import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { communityChatSettings } from "./tables.js";

/** Folds case and width (ＡＢＣ → abc) and drops spaces, so "加 微 信" still matches 加微信. */
function normalise(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, "");
}

/** The first blocked word found in any of the texts, or null. Words are plain text, never patterns. */
export function findBlockedWord(texts: string[], words: string[]): string | null {
  const haystack = texts.map(normalise).join("\n");
  for (const word of words) {
    const needle = normalise(word);
    if (needle && haystack.includes(needle)) return word;
  }
  return null;
}

export async function readChatSettings(tx: Tx, merchantId: string) {
  const [row] = await tx
    .select()
    .from(communityChatSettings)
    .where(eq(communityChatSettings.merchantId, merchantId));
  return { blockedWords: row?.blockedWords ?? [], updatedAt: row?.updatedAt ?? null };
}

/** Replaces the shop's blocked words (deduplicated, order kept). */
export async function saveChatSettings(tx: Tx, merchantId: string, input: { blockedWords: string[] }) {
  const words = [...new Set(input.blockedWords.map((w) => w.trim()).filter(Boolean))];
  const [row] = await tx
    .insert(communityChatSettings)
    .values({ merchantId, blockedWords: words })
    .onConflictDoUpdate({
      target: communityChatSettings.merchantId,
      set: { blockedWords: words, updatedAt: sql`now()` },
    })
    .returning();
  return { blockedWords: row?.blockedWords ?? words, updatedAt: row?.updatedAt ?? null };
}
