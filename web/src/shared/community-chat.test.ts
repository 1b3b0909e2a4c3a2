import { describe, expect, it } from "vitest";
import { type ChatMessage, mergeMessages } from "./community-chat";

const message = (seq: number, body = `m${seq}`): ChatMessage => ({
  id: `id-${seq}`,
  communityId: "c",
  seq,
  author: { kind: "member", id: "a", name: "A" },
  kind: "text",
  body,
  link: null,
  imageId: null,
  card: null,
  pinnedAt: null,
  deleted: false,
  createdAt: "2026-12-01T00:00:00Z",
});

describe("mergeMessages", () => {
  it("keeps one message per seq, oldest first, when replayed and live frames overlap or cross", () => {
    const merged = mergeMessages([message(1), message(3)], [message(4), message(2), message(3)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it("replaces a message with its update (deleted, pinned)", () => {
    const merged = mergeMessages([message(1), message(2)], [{ ...message(2, ""), deleted: true }]);
    expect(merged[1]).toMatchObject({ seq: 2, deleted: true, body: "" });
  });
});
