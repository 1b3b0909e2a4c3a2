import { describe, expect, it } from "vitest";
import { createGroupCommit } from "../src/lib/group-commit.js";

/** A decide that records each batch and finishes only when the test lets it. */
function gatedCommit(maxBatch: number) {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const commit = createGroupCommit<string, string>(
    async (requests) => {
      batches.push(requests);
      await new Promise<void>((resolve) => gates.push(resolve));
      if (requests.includes("boom")) throw new Error("batch failed");
      return requests.map((r) => `done ${r}`);
    },
    { maxBatch },
  );
  const openNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { commit, batches, openNext };
}

describe("group commit", () => {
  it("decides the requests of one turn together, then those arriving meanwhile, in arrival order", async () => {
    const { commit, batches, openNext } = gatedCommit(10);
    const answers = ["a", "b"].map((r) => commit("g", r));
    while (batches.length === 0) await new Promise((r) => setImmediate(r));
    const later = ["c", "d"].map((r) => commit("g", r));
    await openNext();
    await openNext();
    expect(await Promise.all([...answers, ...later])).toEqual(["done a", "done b", "done c", "done d"]);
    expect(batches).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("splits a long queue into batches of at most maxBatch and keeps groups apart", async () => {
    const { commit, batches, openNext } = gatedCommit(2);
    const answers = [
      commit("g", "a"),
      commit("g", "b"),
      commit("g", "c"),
      commit("g", "d"),
      commit("h", "x"),
    ];
    for (let i = 0; i < 3; i++) await openNext();
    await Promise.all(answers);
    expect(batches).toEqual([["a", "b"], ["x"], ["c", "d"]]);
  });

  it("rejects only the requests of a failed batch and starts afresh after the queue empties", async () => {
    const { commit, batches, openNext } = gatedCommit(10);
    const first = commit("g", "a");
    while (batches.length === 0) await new Promise((r) => setImmediate(r));
    const failing = [commit("g", "boom"), commit("g", "b")];
    await openNext();
    await openNext();
    expect(await first).toBe("done a");
    for (const f of failing) await expect(f).rejects.toThrow("batch failed");
    const later = commit("g", "c");
    await openNext();
    expect(await later).toBe("done c");
    expect(batches).toEqual([["a"], ["boom", "b"], ["c"]]);
  });
});
