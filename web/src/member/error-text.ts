import { ApiError } from "../shared/api";
import type { MessageKey } from "./messages";

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const codeProblems: Record<string, MessageKey> = {
  wrong: "errorInvalidCode",
  expired: "errorCodeExpired",
  exhausted: "errorTooManyAttempts",
};

/** What to tell a member about a failed request, in their language where the code is known. */
export function errorText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t("errorGeneric", { message: String(error) });
  const details = (error.details ?? {}) as { reason?: string; retryAfterSeconds?: number };
  switch (error.code) {
    case "network_error":
      return t("errorNetwork");
    case "invalid_code":
      return t(codeProblems[details.reason ?? ""] ?? "errorInvalidCode");
    case "rate_limited":
      return typeof details.retryAfterSeconds === "number"
        ? t("errorWaitSeconds", { seconds: details.retryAfterSeconds })
        : t("errorRateLimited");
    case "validation_failed":
      return t("errorCheckInput");
    default:
      return t("errorGeneric", { message: error.message });
  }
}
