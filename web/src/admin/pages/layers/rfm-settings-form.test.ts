import { describe, expect, it } from "vitest";
import { defaultCutoffs, fenToYuan, rfmFieldErrors, rfmSettingsBody, yuanToFen } from "./rfm-settings-form";

describe("RFM settings form", () => {
  it("sends only what the chosen modes use", () => {
    expect(
      rfmSettingsBody({
        windowDays: 365,
        referenceMode: "today",
        referenceDate: "2026-01-01",
        scoringMode: "quintile",
        cutoffs: defaultCutoffs,
      }),
    ).toEqual({ rfm: { windowDays: 365, referenceMode: "today", scoringMode: "quintile" } });
    expect(
      rfmSettingsBody({
        windowDays: null,
        referenceMode: "fixed",
        referenceDate: "2026-01-01",
        scoringMode: "cutoffs",
        cutoffs: null,
      }).rfm,
    ).toEqual({
      windowDays: null,
      referenceMode: "fixed",
      referenceDate: "2026-01-01",
      scoringMode: "cutoffs",
      cutoffs: defaultCutoffs,
    });
  });

  it("names the field of each server issue", () => {
    expect(
      rfmFieldErrors({
        issues: [
          { path: "body.rfm.cutoffs.recency", message: "cut-offs must be strictly ascending" },
          { path: "body.rfm.referenceDate", message: "required when referenceMode is fixed" },
        ],
      }),
    ).toEqual({
      "cutoffs.recency": "cut-offs must be strictly ascending",
      referenceDate: "required when referenceMode is fixed",
    });
  });

  it("converts yuan and 分 exactly", () => {
    expect(yuanToFen(19.99)).toBe(1999);
    expect(fenToYuan(1999)).toBe(19.99);
  });
});
