import { z } from "zod";
import type { Database } from "../../../db/database.js";
import { readAsMerchant, withMerchant } from "../../../db/tenant.js";
import type { App } from "../../../http/app-types.js";
import { contextOf, IdParamsSchema, memberOf } from "../../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../../lib/pagination.js";
import { requireLiveCustomerId } from "../../customers/create-customer.js";
import { listEntries } from "./list-entries.js";
import { LedgerEntrySchema, MemberLedgerEntrySchema } from "./schemas.js";
import type { Wallet } from "./tables.js";

const SlugParams = z.object({ slug: z.string().min(1).max(40) });

/**
 * A wallet's ledger, newest first: for staff at /api/v1/customers/:id/<segment>/entries and for
 * the member at /api/m/:slug/<segment>/entries (without staff notes and names).
 */
export function registerEntryRoutes(
  app: App,
  database: Database,
  wallet: { wallet: Wallet; segment: string; label: string; tags: string[] },
): void {
  const { tags, label } = wallet;
  app.get(
    `/api/v1/customers/:id/${wallet.segment}/entries`,
    {
      config: { access: "loyalty:read" },
      schema: {
        tags,
        summary: `A customer's ${label} ledger, newest first`,
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: pageOf(LedgerEntrySchema) },
      },
    },
    async (request) => {
      const { merchantId } = contextOf(request);
      return withMerchant(database, merchantId, async (tx) => {
        const customerId = await requireLiveCustomerId(tx, merchantId, request.params.id);
        return listEntries(tx, merchantId, customerId, wallet.wallet, request.query);
      });
    },
  );

  app.get(
    `/api/m/:slug/${wallet.segment}/entries`,
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: `My ${label} history, newest first`,
        params: SlugParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(MemberLedgerEntrySchema) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      return readAsMerchant(database, merchantId, (tx) =>
        listEntries(tx, merchantId, customerId, wallet.wallet, request.query),
      );
    },
  );
}
