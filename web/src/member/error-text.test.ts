import { describe, expect, it } from "vitest";
import { ApiError } from "../shared/api";
import { interpolate } from "../shared/i18n/interpolate";
import { errorText } from "./error-text";
import { type MessageKey, messages } from "./messages";

const t = (key: MessageKey, vars?: Record<string, string | number>) =>
  interpolate(messages["zh-CN"][key], vars);

describe("errorText", () => {
  it.each([
    [new ApiError(401, "invalid_code", "Wrong code", { reason: "wrong" }), "验证码错误，请重新输入"],
    [new ApiError(401, "invalid_code", "Expired", { reason: "expired" }), "验证码已过期，请重新获取"],
    [
      new ApiError(401, "invalid_code", "Too many", { reason: "exhausted" }),
      "验证码错误次数过多，请重新获取验证码",
    ],
    [new ApiError(401, "invalid_code", "Wrong code"), "验证码错误，请重新输入"],
    [new ApiError(429, "rate_limited", "Wait", { retryAfterSeconds: 42 }), "发送太频繁，请 42 秒后再试"],
    [new ApiError(429, "rate_limited", "Too many requests"), "操作太频繁，请稍后再试"],
    [new ApiError(0, "network_error", "Network error"), "网络连接失败，请检查网络后重试"],
    [new ApiError(400, "validation_failed", "Invalid request: body.email"), "填写的内容有误，请检查后重试"],
    [new ApiError(500, "internal", "Internal error"), "出错了：Internal error"],
  ])("explains %s", (error, text) => {
    expect(errorText(error, t)).toBe(text);
  });
});
