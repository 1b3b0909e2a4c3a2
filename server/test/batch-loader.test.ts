import { describe, expect, it } from "vitest";
import { createBatchLoader } from "../src/lib/batch-loader.js";

function recordingLoader(maxBatch?: number) {
  const calls: { group: string; keys: string[] }[] = [];
  const load = createBatchLoader(
    async (group, keys: string[]) => {
      calls.push({ group, keys });
      if (keys.includes("boom")) throw new Error(`failed in ${group}`);
      return new Map(keys.filter((k) => !k.startsWith("none")).map((k) => [k, `${group}:${k}`]));
    },
    { missing: null, maxBatch },
  );
  return { load, calls };
}

describe("batch loader", () => {
  it("answers a turn's look-ups with one call per group, each with its own value or the missing one", async () => {
    const { load, calls } = recordingLoader();
    const answers = await Promise.all([
      load("a", "x"),
      load("a", "y"),
      load("b", "x"),
      load("a", "x"),
      load("a", "none-1"),
    ]);
    expect(answers).toEqual(["a:x", "a:y", "b:x", "a:x", null]);
    expect(calls).toEqual([
      { group: "a", keys: ["x", "y", "none-1"] },
      { group: "b", keys: ["x"] },
    ]);
  });

  it("starts a new batch for look-ups made after the last one was sent", async () => {
    const { load, calls } = recordingLoader();
    expect(await load("a", "x")).toBe("a:x");
    expect(await load("a", "y")).toBe("a:y");
    expect(calls.map((c) => c.keys)).toEqual([["x"], ["y"]]);
  });

  it("splits a big turn into batches of at most maxBatch keys", async () => {
    const { load, calls } = recordingLoader(3);
    const keys = ["1", "2", "3", "4", "5", "6", "7"];
    expect(await Promise.all(keys.map((k) => load("g", k)))).toEqual(keys.map((k) => `g:${k}`));
    expect(calls.map((c) => c.keys)).toEqual([["1", "2", "3"], ["4", "5", "6"], ["7"]]);
  });

  it("fails only the look-ups of the batch whose call failed", async () => {
    const { load } = recordingLoader();
    const [bad, sameBatch, otherGroup] = await Promise.allSettled([
      load("a", "boom"),
      load("a", "x"),
      load("b", "x"),
    ]);
    expect(bad).toMatchObject({ status: "rejected", reason: new Error("failed in a") });
    expect(sameBatch).toMatchObject({ status: "rejected" });
    expect(otherGroup).toEqual({ status: "fulfilled", value: "b:x" });
  });
});
