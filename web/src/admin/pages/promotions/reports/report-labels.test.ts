import { describe, expect, it } from "vitest";
import { interpolate } from "../../../../shared/i18n/interpolate";
import { en } from "../../../i18n/en";
import type { Translate } from "../../../i18n/locale-context";
import { zh } from "../../../i18n/zh-cn";
import { campaignLabel, rowLabel } from "./report-labels";

const zhT: Translate = (key, vars) => interpolate(zh[key], vars);
const enT: Translate = (key, vars) => interpolate(en[key], vars);

describe("campaignLabel", () => {
  it("translates the issuing channels", () => {
    expect(campaignLabel({ key: "manual", label: "manual" }, zhT)).toBe("手动发券");
    expect(campaignLabel({ key: "claim", label: "claim" }, zhT)).toBe("领券中心");
    expect(campaignLabel({ key: "mall", label: "mall" }, zhT)).toBe("积分商城兑换");
    expect(campaignLabel({ key: "manual", label: "manual" }, enT)).toBe("Issued by staff");
    expect(campaignLabel({ key: "claim", label: "claim" }, enT)).toBe("Coupon centre");
  });

  it("names the event of an automatic issue, and shows an unknown event as it is", () => {
    expect(campaignLabel({ key: "trigger:welcome_gift", label: "trigger:welcome_gift" }, zhT)).toBe(
      "自动发券：新人礼",
    );
    expect(campaignLabel({ key: "trigger:level_up", label: "trigger:level_up" }, enT)).toBe(
      "Automatic: Level-up",
    );
    expect(campaignLabel({ key: "trigger:anniversary", label: "trigger:anniversary" }, enT)).toBe(
      "Automatic: anniversary",
    );
  });

  it("keeps the server's names of code batches and bulk issues, and an unknown channel's key", () => {
    const batch = "batch:3f2a9c1e-0000-4000-8000-000000000001";
    expect(campaignLabel({ key: batch, label: "双11 券码" }, zhT)).toBe("券码批次：双11 券码");
    expect(campaignLabel({ key: batch, label: batch }, enT)).toBe("Code batch: 3f2a9c1e");
    const bulk = "bulk:9d000000-0000-4000-8000-000000000002";
    expect(campaignLabel({ key: bulk, label: "下单客户 · 2026-11-30 10:00" }, zhT)).toBe(
      "人群发券：下单客户 · 2026-11-30 10:00",
    );
    // A bulk issue whose segment has been deleted: the server's label starts with the separator.
    expect(campaignLabel({ key: bulk, label: " · 2026-11-30 10:00" }, enT)).toBe(
      "Segment issue: 2026-11-30 10:00",
    );
    expect(campaignLabel({ key: "pos-import", label: "pos-import" }, zhT)).toBe("pos-import");
  });
});

describe("rowLabel", () => {
  it("names the no-store row and a deleted template, and keeps names and dates", () => {
    expect(rowLabel("store", { key: "", label: "" }, zhT)).toBe("未指定门店");
    expect(rowLabel("store", { key: "s1", label: "文三路店" }, zhT)).toBe("文三路店");
    const id = "0b7c5d2e-0000-4000-8000-000000000003";
    expect(rowLabel("template", { key: id, label: id }, enT)).toBe("Deleted template (0b7c5d2e)");
    expect(rowLabel("template", { key: id, label: "满100减10" }, enT)).toBe("满100减10");
    expect(rowLabel("day", { key: "2026-11-30", label: "2026-11-30" }, enT)).toBe("2026-11-30");
  });
});
