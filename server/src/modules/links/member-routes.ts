import { z } from "zod";
import { withMerchant } from "../../db/tenant.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { memberOf } from "../../http/request-context.js";
import { claimClick } from "./claim-click.js";
import { clickBufferOf } from "./redirect-routes.js";
import { clickIdParameter } from "./redirect-target.js";

export async function memberShortLinkRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.post(
    "/api/m/:slug/link-clicks/claim",
    {
      config: { access: "member" },
      schema: {
        tags: ["member page"],
        summary: `Name me as the visitor of a short-link click that brought me here (?${clickIdParameter}=)`,
        params: z.object({ slug: z.string() }),
        body: z.strictObject({ clickId: z.string().regex(/^[A-Za-z0-9]{16}$/u) }),
        response: { 200: z.object({ claimed: z.boolean() }) },
      },
    },
    async (request) => {
      const { merchantId, customerId } = memberOf(request);
      // The click may still wait in this process's buffer (it is at most ~200 ms old).
      await clickBufferOf(app).flush();
      return withMerchant(database, merchantId, (tx) =>
        claimClick(tx, merchantId, request.body.clickId, customerId),
      );
    },
  );
}
