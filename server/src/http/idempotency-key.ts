import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../errors.js";

/** Declares the header in a route's schema, so it shows in the OpenAPI document. */
export const IdempotencyHeadersSchema = z.object({
  "idempotency-key": z.string().trim().min(8).max(100).optional(),
});

/**
 * The client's Idempotency-Key header, which every money- or points-moving call needs: the same key
 * again returns the first result; the same key with another request is 409 idempotency_conflict.
 */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = (request.headers as { "idempotency-key"?: string })["idempotency-key"]?.trim();
  if (!key) {
    throw new AppError(
      "idempotency_key_required",
      "Send an Idempotency-Key header (a fresh UUID per operation)",
    );
  }
  return key;
}
