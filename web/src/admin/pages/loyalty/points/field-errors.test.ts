import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./field-errors";

const fields = ["pointsPendingDays", "pointsExpiry", "note"] as const;

describe("fieldErrorsOf", () => {
  it("puts a schema issue on the field its path names, nested paths on their top field", () => {
    const details = {
      issues: [
        { path: "body.pointsPendingDays", message: "must be <= 365" },
        { path: "body.pointsExpiry.months", message: "must be >= 1" },
      ],
    };
    expect(fieldErrorsOf(details, "Invalid request", fields)).toEqual({
      byField: { pointsPendingDays: "must be <= 365", pointsExpiry: "must be >= 1" },
      general: null,
    });
  });

  it("puts a service error's field on that field with the error's message", () => {
    expect(fieldErrorsOf({ field: "note" }, "A note is required", fields)).toEqual({
      byField: { note: "A note is required" },
      general: null,
    });
  });

  it("keeps a message it cannot place as general", () => {
    expect(fieldErrorsOf({ field: "storeId" }, "No such store", fields)).toEqual({
      byField: {},
      general: "No such store",
    });
    expect(fieldErrorsOf(undefined, "Server error", fields)).toEqual({
      byField: {},
      general: "Server error",
    });
  });
});
