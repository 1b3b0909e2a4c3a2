import { describe, expect, it } from "vitest";
import { chunksOf, parseRecipients } from "./recipients";

describe("pasted recipients", () => {
  it("splits ids and phones on any separator, once each, and lists what is neither", () => {
    const id = "0b6f1c7e-8a4d-4c2b-9f3e-1a2b3c4d5e6f";
    const text = `${id}\n13800000001, 138-0000-0002；+8613800000003\n${id.toUpperCase()}\n13800000001 abc 12345`;
    expect(parseRecipients(text)).toEqual({
      customerIds: [id],
      phones: ["13800000001", "13800000002", "13800000003"],
      invalid: ["abc", "12345"],
    });
  });

  it("reads an empty paste as nobody", () => {
    expect(parseRecipients("  \n ,")).toEqual({ customerIds: [], phones: [], invalid: [] });
  });

  it("chunks a list for the 100-a-call issue API", () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    expect(chunksOf(items, 100).map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunksOf([], 100)).toEqual([]);
  });
});
