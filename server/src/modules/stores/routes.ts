import { z } from "zod";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { recordAudit } from "../audit/record-audit.js";
import { createStore, deleteStore, listStores, updateStore } from "./manage-stores.js";

const tags = ["stores"];
const text = (max: number) => z.string().trim().max(max).nullable().optional();
const StoreFieldsSchema = z.strictObject({
  code: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(100),
  city: text(50),
  address: text(200),
  phone: text(30),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});
const StoreSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: z.date(),
});

export async function storeRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/stores",
    {
      config: { access: "staff" },
      schema: {
        tags,
        summary: "The shop's stores",
        response: { 200: z.object({ data: z.array(StoreSchema) }) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return { data: await readAsMerchant(database, merchantId, (tx) => listStores(tx, merchantId)) };
    },
  );

  app.post(
    "/api/v1/stores",
    {
      config: { access: "stores:manage" },
      schema: { tags, summary: "Add a store", body: StoreFieldsSchema, response: { 201: StoreSchema } },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const store = await withMerchant(database, merchantId, async (tx) => {
        const created = await createStore(tx, merchantId, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "store.create",
          targetType: "store",
          targetId: created.id,
          ip: request.ip,
        });
        return created;
      });
      return reply.status(201).send(store);
    },
  );

  app.patch(
    "/api/v1/stores/:id",
    {
      config: { access: "stores:manage" },
      schema: {
        tags,
        summary: "Change a store",
        params: IdParamsSchema,
        body: StoreFieldsSchema.partial(),
        response: { 200: StoreSchema },
      },
    },
    async (request) => {
      const { merchantId, actor } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const store = await updateStore(tx, merchantId, request.params.id, request.body);
        await recordAudit(tx, merchantId, {
          actor,
          action: "store.update",
          targetType: "store",
          targetId: store.id,
          details: { fields: Object.keys(request.body) },
          ip: request.ip,
        });
        return store;
      });
    },
  );

  app.delete(
    "/api/v1/stores/:id",
    {
      config: { access: "stores:manage" },
      schema: { tags, summary: "Remove a store", params: IdParamsSchema },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      await withMerchant(database, merchantId, async (tx) => {
        await deleteStore(tx, merchantId, request.params.id);
        await recordAudit(tx, merchantId, {
          actor,
          action: "store.delete",
          targetType: "store",
          targetId: request.params.id,
          ip: request.ip,
        });
      });
      return reply.status(204).send();
    },
  );
}
