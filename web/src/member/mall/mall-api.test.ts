import { describe, expect, it } from "vitest";
import { type MemberMallItem, maxQuantity } from "./mall-api";

const item = (over: Partial<MemberMallItem>): MemberMallItem => ({
  id: "i",
  kind: "physical",
  name: "杯子",
  description: null,
  imageUrl: null,
  pointsPrice: 100,
  cashPrice: 0,
  stock: null,
  perMemberLimit: null,
  validFrom: null,
  validUntil: null,
  pickupDays: 30,
  createdAt: "",
  updatedAt: "",
  myRemaining: null,
  available: true,
  unavailableReason: null,
  ...over,
});

describe("how many units a member may pick", () => {
  it.each([
    [{}, 1000, 10],
    [{ stock: 3 }, 1000, 3],
    [{ myRemaining: 2 }, 1000, 2],
    [{}, 99, 0],
    [{ pointsPrice: 1 }, 100_000, 99],
    [{ stock: 0 }, 1000, 0],
  ])("%j with %i points → %i", (over, points, expected) => {
    expect(maxQuantity(item(over), points)).toBe(expected);
  });
});
