/** Every error a client can see: a stable machine-readable code and its HTTP status, in one table. */
export const errorStatus = {
  bad_request: 400,
  idempotency_key_required: 400,
  validation_failed: 400,
  invalid_csv: 400,
  invalid_rule: 400,
  webhook_url_not_public: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_code: 401,
  forbidden: 403,
  csrf_failed: 403,
  muted: 403,
  rules_not_accepted: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  idempotency_conflict: 409,
  insufficient_balance: 409,
  out_of_stock: 409,
  sold_out: 409,
  community_full: 409,
  limit_reached: 409,
  already_done: 409,
  already_set_up: 409,
  database_busy: 409,
  gone: 410,
  payload_too_large: 413,
  unprocessable: 422,
  refund_exceeds_order: 422,
  coupon_not_applicable: 422,
  message_blocked: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The error services throw; the HTTP layer maps it through errorStatus, the CLI prints its message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
