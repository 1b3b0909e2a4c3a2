import { describe, expect, it } from "vitest";
import { toCsvText } from "./csv";

describe("toCsvText", () => {
  it("quotes commas and quotes, keeps numbers bare and starts with a BOM", () => {
    expect(
      toCsvText(
        ["名称", "n"],
        [
          ["a,b", 1],
          ['say "hi"', 2],
        ],
      ),
    ).toBe('\uFEFF名称,n\r\n"a,b",1\r\n"say ""hi""",2\r\n');
  });

  it("defuses text Excel would run as a formula", () => {
    expect(toCsvText(["x"], [["=SUM(A1)"], [-3]])).toBe("\uFEFFx\r\n'=SUM(A1)\r\n-3\r\n");
  });
});
