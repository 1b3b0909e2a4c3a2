import type { FastifyRequest } from "fastify";
import type { AppDeps } from "../../http/app-types.js";
import { authenticateApiKey } from "./api-keys.js";

/** Sets request.principal from an API key (Authorization: Bearer). Staff and member sessions come next. */
export async function authenticateRequest(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) {
    const key = await authenticateApiKey(deps.database, header.slice(7).trim());
    if (key) request.principal = { kind: "api_key", ...key };
  }
}
