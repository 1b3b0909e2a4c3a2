import { describe, expect, it } from "vitest";
import { draftOf, giftBody, giftProblemsOf, joinLink } from "./welcome-gift-draft";

const saved = {
  enabled: true,
  triggers: ["first_login" as const],
  channels: ["poster"],
  points: 100,
  items: [{ name: "帆布袋", quantity: 1 }],
  coupon: { templateId: "first-order", quantity: 1 },
  updatedAt: "2026-11-30T00:00:00Z",
};

describe("new-member gift draft", () => {
  it("round-trips the saved settings, dropping blank item rows and channels", () => {
    const draft = draftOf(saved);
    expect(draft.couponTemplateId).toBe("first-order");
    const body = giftBody({
      ...draft,
      items: [...draft.items, { name: "  ", quantity: 1 }],
      channels: ["poster", " "],
    });
    expect(body).toEqual({
      enabled: true,
      triggers: ["first_login"],
      channels: ["poster"],
      points: 100,
      items: [{ name: "帆布袋", quantity: 1 }],
      coupon: { templateId: "first-order", quantity: 1 },
    });
  });

  it("sends no coupon when the template id is cleared", () => {
    expect(giftBody({ ...draftOf(saved), couponTemplateId: " " }).coupon).toBeNull();
  });

  it("builds the member-page join link of a channel", () => {
    expect(joinLink("https://q.example", "tea shop", "wechat-ad")).toBe(
      "https://q.example/m/tea%20shop?channel=wechat-ad",
    );
  });

  it("puts the server's complaints on their field", () => {
    const problems = giftProblemsOf(
      {
        issues: [
          { path: "body.points", message: "needs something" },
          { path: "body.items.0.name", message: "empty" },
        ],
      },
      "Invalid request",
    );
    expect(problems.fields).toEqual({ points: "needs something", items: "empty" });
    expect(giftProblemsOf(null, "boom").general).toEqual(["boom"]);
  });
});
