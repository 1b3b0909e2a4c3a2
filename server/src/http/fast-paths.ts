import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { FastifyServerFactory } from "fastify";

/**
 * A hot public route answered on the raw request before Fastify's routing and hooks. It returns
 * false at once when the request is not its own, or a promise of whether it answered: when it
 * did not (or failed before writing), the request goes on to Fastify, whose route for the same
 * path handles every case. `inject()` never passes here, so tests of the route go through Fastify.
 */
export type FastPath = (request: IncomingMessage, response: ServerResponse) => false | Promise<boolean>;

const registries = new WeakMap<object, FastPath[]>();

/** The server factory of an app whose fast paths are added later by its route modules. */
export function fastPathServerFactory(fastPaths: FastPath[], onError: (error: unknown) => void) {
  const factory: FastifyServerFactory = (handler) =>
    http.createServer((request, response) => {
      for (const fastPath of fastPaths) {
        const answered = fastPath(request, response);
        if (answered === false) continue;
        answered.then(
          (done) => {
            if (!done) handler(request, response);
          },
          (error: unknown) => {
            onError(error);
            if (!response.headersSent) handler(request, response);
          },
        );
        return;
      }
      handler(request, response);
    });
  return factory;
}

export function registerFastPaths(app: object, fastPaths: FastPath[]): void {
  registries.set(app, fastPaths);
}

/** Adds a fast path to the app's server (a no-op list for apps only driven by inject). */
export function addFastPath(app: object, fastPath: FastPath): void {
  registries.get(app)?.push(fastPath);
}
