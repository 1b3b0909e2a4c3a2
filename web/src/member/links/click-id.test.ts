import { describe, expect, it } from "vitest";
import { clickIdOf } from "./click-id";

describe("short-link click id", () => {
  it("takes a well-formed qz_click only", () => {
    expect(clickIdOf("?utm_source=a&qz_click=AbCdEfGh23456789")).toBe("AbCdEfGh23456789");
    expect(clickIdOf("?qz_click=short")).toBeNull();
    expect(clickIdOf("?qz_click=<script>alert(1)</script>")).toBeNull();
    expect(clickIdOf("")).toBeNull();
  });
});
