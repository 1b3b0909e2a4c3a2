import { describe, expect, it } from "vitest";
import { fillPercent, formValuesOf, inputOf } from "./community-form";

describe("community form", () => {
  it("sends the GMV target in 分, blanks as null, and no join link for a built-in community", () => {
    const body = inputOf({
      name: " 宝妈群 ",
      purpose: "content",
      platform: "builtin",
      audienceKind: "layer",
      audienceId: "11111111-1111-4111-8111-111111111111",
      joinUrl: "https://weixin.qq.com/g/x",
      monthlyGmvTargetYuan: 1234.56,
      welcomePoints: undefined,
    });
    expect(body).toMatchObject({
      name: "宝妈群",
      joinUrl: null,
      monthlyGmvTarget: 123_456,
      welcomePoints: null,
      audience: { kind: "layer", id: "11111111-1111-4111-8111-111111111111" },
    });
    expect(
      inputOf({ name: "x", purpose: "service", platform: "wechat", audienceKind: "everyone", joinUrl: "  " }),
    ).toMatchObject({
      audience: null,
      joinUrl: null,
      monthlyGmvTarget: null,
    });
  });

  it("reads a community back into the form in yuan", () => {
    const values = formValuesOf({
      id: "c",
      name: "群",
      purpose: "marketing",
      platform: "qq",
      audience: null,
      capacity: 200,
      memberCount: 3,
      ownerStaffId: null,
      joinUrl: "https://qm.qq.com/x",
      hasJoinQr: false,
      joinQrExpiresAt: null,
      joinQrState: "none",
      rules: "",
      welcomeMessage: "",
      welcomePoints: 5,
      welcomeCouponTemplateId: null,
      monthlyGmvTarget: 10_000_000,
      status: "active",
      createdAt: "",
      updatedAt: "",
    });
    expect(values).toMatchObject({ audienceKind: "everyone", monthlyGmvTargetYuan: 100_000, capacity: 200 });
  });

  it("fills the seats bar by members over capacity, capped at 100", () => {
    expect(fillPercent({ capacity: 200, memberCount: 50 })).toBe(25);
    expect(fillPercent({ capacity: 3, memberCount: 5 })).toBe(100);
    expect(fillPercent({ capacity: null, memberCount: 5 })).toBe(0);
  });
});
