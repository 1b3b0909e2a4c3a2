import { describe, expect, it } from "vitest";
import { joinChannelOf } from "./join-channel";

describe("join channel of the member page link", () => {
  it("reads a valid channel and drops what the server would refuse", () => {
    expect(joinChannelOf("?channel=wechat-ad")).toBe("wechat-ad");
    expect(joinChannelOf("?x=1&channel=%20poster_2%20")).toBe("poster_2");
    expect(joinChannelOf("?channel=has%20space")).toBeUndefined();
    expect(joinChannelOf("")).toBeUndefined();
  });
});
