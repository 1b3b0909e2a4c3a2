import { describe, expect, it } from "vitest";
import { newIdempotencyKey, submissionFor } from "./idempotency-key";

describe("submissionFor", () => {
  let n = 0;
  const make = () => `key-${++n}`;

  it("keeps the key when the same body is sent again and takes a new one when the body changed", () => {
    const first = submissionFor(null, { points: 50, note: "补录" }, make);
    const retry = submissionFor(first, { points: 50, note: "补录" }, make);
    const changed = submissionFor(retry, { points: 60, note: "补录" }, make);
    expect(retry.key).toBe(first.key);
    expect(changed.key).not.toBe(first.key);
  });

  it("starts over after a settled submission", () => {
    const first = submissionFor(null, { points: 50 }, make);
    expect(submissionFor(null, { points: 50 }, make).key).not.toBe(first.key);
  });
});

describe("newIdempotencyKey", () => {
  it("gives distinct keys the server accepts (8 to 100 characters)", () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(8);
  });
});
