import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { AppError, type ErrorCode } from "../errors.js";

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

const body = (code: ErrorCode | string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** One place turns every failure into `{"error":{"code","message","details"}}`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? "body"}${v.instancePath.replaceAll("/", ".")}`,
        message: v.message,
      }));
      const first = issues[0];
      const message = first ? `Invalid request: ${first.path}: ${first.message}` : "Invalid request";
      return reply.status(400).send(body("validation_failed", message, { issues }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, "response did not match its schema");
      return reply.status(500).send(body("internal", "Internal error"));
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status === 429)
      return reply.status(429).send(body("rate_limited", "Too many requests; try again later"));
    if (status === 413) return reply.status(413).send(body("payload_too_large", "Request body too large"));
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body("bad_request", fastifyError.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.status(500).send(body("internal", "Internal error"));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(body("not_found", `No route for ${request.method} ${request.url.split("?")[0]}`)),
  );
}
