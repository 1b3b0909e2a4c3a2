// The RFM settings as the form edits them (monetary cut-offs in yuan) and back; pure, so tested.
import type { RfmCutoffs, RfmSettings } from "../../../shared/api-types";

export const defaultCutoffs: RfmCutoffs = {
  recency: [7, 30, 90, 180],
  frequency: [2, 3, 5, 10],
  monetary: [10_000, 50_000, 100_000, 500_000],
};

/** The PUT /api/v1/insight/settings body; a reference date or cut-offs the mode does not use are left out. */
export function rfmSettingsBody(form: RfmSettings) {
  return {
    rfm: {
      windowDays: form.windowDays,
      referenceMode: form.referenceMode,
      ...(form.referenceMode === "fixed" ? { referenceDate: form.referenceDate } : {}),
      scoringMode: form.scoringMode,
      ...(form.scoringMode === "cutoffs" ? { cutoffs: form.cutoffs ?? defaultCutoffs } : {}),
    },
  };
}

/** Server issues (`body.rfm.cutoffs.recency`, `rfm.referenceDate`) by the form field they name. */
export function rfmFieldErrors(details: unknown): Record<string, string> {
  const issues = (details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path
      .replace(/^body\./, "")
      .replace(/^rfm\./, "")
      .split(".")
      .slice(0, 2)
      .join(".");
    errors[field] ??= issue.message;
  }
  return errors;
}

export const yuanToFen = (yuan: number) => Math.round(yuan * 100);
export const fenToYuan = (fen: number) => fen / 100;
