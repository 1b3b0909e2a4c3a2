import { describe, expect, it } from "vitest";
import { emptyLinkValues, inputOfLinkValues } from "./link-form";

describe("short-link form", () => {
  it("leaves out empty UTM fields and keeps the password unless set or removed", () => {
    const values = {
      ...emptyLinkValues(),
      target: " https://example.com ",
      utm: { source: "wechat", medium: " ", campaign: "", term: "", content: "" },
    };
    expect(inputOfLinkValues(values, false)).toEqual({
      title: "",
      target: "https://example.com",
      utm: { source: "wechat" },
      expiresAt: null,
    });
    expect(inputOfLinkValues({ ...values, password: "abcd" }, true).password).toBe("abcd");
    expect(inputOfLinkValues({ ...values, removePassword: true }, true).password).toBeNull();
    expect(inputOfLinkValues({ ...values, removePassword: true }, false)).not.toHaveProperty("password");
  });
});
