import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Database } from "../db/database.js";
import { readAsMerchant, type Tx } from "../db/tenant.js";
import type { Permission } from "./access.js";
import type { App } from "./app-types.js";
import { auditedWrite } from "./audited-write.js";
import { contextOf, IdParamsSchema } from "./request-context.js";

export type RuleListService<Item, Input> = {
  list(tx: Tx, merchantId: string): Promise<Item[]>;
  create(tx: Tx, merchantId: string, input: Input): Promise<Item>;
  update(tx: Tx, merchantId: string, id: string, input: Input): Promise<Item>;
  remove(tx: Tx, merchantId: string, id: string): Promise<void>;
};

export type RuleListSpec<Item extends { id: string }, Input> = {
  /** e.g. /api/v1/loyalty/points-rules; items live at `${path}/:id`. */
  path: string;
  tags: string[];
  /** What one item is called in summaries and the audit log: "points rule" → points_rule.create. */
  noun: string;
  listSummary: string;
  access: { read: Permission; manage: Permission };
  itemSchema: z.ZodType<Item>;
  inputSchema: z.ZodType<Input>;
  service: RuleListService<Item, Input>;
};

/**
 * The four routes of a shop's small rule list (points rules, bonus tiers …): list, add, replace,
 * delete, each change audited in its own transaction.
 */
export function registerRuleListRoutes<Item extends { id: string }, Input extends Record<string, unknown>>(
  app: App,
  database: Database,
  spec: RuleListSpec<Item, Input>,
): void {
  const { path, tags, noun, service } = spec;
  // The schemas are only known as type parameters here, which the zod type provider cannot resolve
  // into request and reply types; the handlers type their values themselves.
  const routes = app as unknown as FastifyInstance;
  const auditName = noun.replaceAll(" ", "_");
  const audit = <T>(verb: string, targetId: string | ((result: T) => string), details?: Input) => ({
    action: `${auditName}.${verb}`,
    targetType: auditName,
    targetId,
    details,
  });

  routes.get(
    path,
    {
      config: { access: spec.access.read },
      schema: {
        tags,
        summary: spec.listSummary,
        response: { 200: z.object({ data: z.array(spec.itemSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => service.list(tx, merchantId)) };
    },
  );

  routes.post(
    path,
    {
      config: { access: spec.access.manage },
      schema: { tags, summary: `Add a ${noun}`, body: spec.inputSchema, response: { 201: spec.itemSchema } },
    },
    async (request, reply) => {
      const input = request.body as Input;
      const item = await auditedWrite(
        database,
        request,
        audit("create", (created: Item) => created.id, input),
        (tx, m) => service.create(tx, m, input),
      );
      return reply.status(201).send(item);
    },
  );

  routes.put(
    `${path}/:id`,
    {
      config: { access: spec.access.manage },
      schema: {
        tags,
        summary: `Change a ${noun}`,
        params: IdParamsSchema,
        body: spec.inputSchema,
        response: { 200: spec.itemSchema },
      },
    },
    (request) => {
      const input = request.body as Input;
      const { id } = request.params as { id: string };
      return auditedWrite(database, request, audit("update", id, input), (tx, m) =>
        service.update(tx, m, id, input),
      );
    },
  );

  routes.delete(
    `${path}/:id`,
    {
      config: { access: spec.access.manage },
      schema: { tags, summary: `Delete a ${noun}`, params: IdParamsSchema },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await auditedWrite(database, request, audit("delete", id), (tx, m) => service.remove(tx, m, id));
      return reply.status(204).send();
    },
  );
}
