import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { jobRoutes } from "../jobs/routes.js";
import { auditRoutes } from "../modules/audit/routes.js";
import { apiKeyRoutes } from "../modules/auth/api-key-routes.js";
import { authenticateRequest } from "../modules/auth/authenticate.js";
import { authRoutes } from "../modules/auth/routes.js";
import { memberLiveCodeRoutes } from "../modules/channels/member-routes.js";
import { liveCodeRoutes } from "../modules/channels/routes.js";
import { communityChatRoutes } from "../modules/community/chat/routes.js";
import { memberCommunityRoutes } from "../modules/community/member-routes.js";
import { communityRoutes } from "../modules/community/routes.js";
import { contentRoutes } from "../modules/content/routes.js";
import { customerRoutes } from "../modules/customers/routes.js";
import { dashboardRoutes } from "../modules/dashboard/routes.js";
import { healthRoutes } from "../modules/health/routes.js";
import { importRoutes } from "../modules/imports/routes.js";
import { conditionRoutes } from "../modules/insight/conditions/routes.js";
import { insightRoutes } from "../modules/insight/routes.js";
import { layerRoutes } from "../modules/layers/routes.js";
import { memberShortLinkRoutes } from "../modules/links/member-routes.js";
import { shortLinkRedirectRoutes } from "../modules/links/redirect-routes.js";
import { shortLinkRoutes } from "../modules/links/routes.js";
import { checkinRoutes } from "../modules/loyalty/checkin/routes.js";
import { levelRoutes } from "../modules/loyalty/levels/routes.js";
import { memberMallRoutes } from "../modules/loyalty/mall/member-routes.js";
import { mallRoutes } from "../modules/loyalty/mall/routes.js";
import { pointsRoutes } from "../modules/loyalty/points/routes.js";
import { storedValueRoutes } from "../modules/loyalty/stored-value/routes.js";
import { welcomeGiftRoutes } from "../modules/loyalty/welcome-gift/routes.js";
import { memberRoutes } from "../modules/members/routes.js";
import { settingsRoutes } from "../modules/merchants/routes.js";
import { memberInboxRoutes } from "../modules/messaging/member-routes.js";
import { messagingRoutes } from "../modules/messaging/routes.js";
import { orderRoutes } from "../modules/orders/routes.js";
import { personaRoutes } from "../modules/personas/routes.js";
import { checkoutRoutes } from "../modules/promotions/checkout/routes.js";
import { couponVerifyRoutes } from "../modules/promotions/coupon-verify/routes.js";
import { couponBatchRoutes } from "../modules/promotions/coupons/batch-routes.js";
import { memberCouponRoutes } from "../modules/promotions/coupons/member-routes.js";
import { couponRoutes } from "../modules/promotions/coupons/routes.js";
import { couponTriggerRoutes } from "../modules/promotions/coupons/trigger-routes.js";
import { memberFlashSaleRoutes } from "../modules/promotions/flash-sales/member-routes.js";
import { flashSaleRoutes } from "../modules/promotions/flash-sales/routes.js";
import { couponReportRoutes } from "../modules/promotions/reports/routes.js";
import { segmentRoutes } from "../modules/segments/routes.js";
import { setupRoutes } from "../modules/setup/routes.js";
import { staffRoutes } from "../modules/staff/routes.js";
import { storeRoutes } from "../modules/stores/routes.js";
import { tagRoutes } from "../modules/tags/routes.js";
import { staffTaskRoutes } from "../modules/tasks/routes.js";
import { enforceAccess } from "./access.js";
import type { App, AppDeps } from "./app-types.js";
import { registerErrorHandler } from "./error-handler.js";
import { type FastPath, fastPathServerFactory, registerFastPaths } from "./fast-paths.js";
import { defaultWebDistDir, registerStaticFiles } from "./static-files.js";

export type BuildOptions = { logger?: FastifyServerOptions["logger"]; webDistDir?: string };

const routeModules = [
  healthRoutes,
  setupRoutes,
  authRoutes,
  customerRoutes,
  orderRoutes,
  storeRoutes,
  staffRoutes,
  apiKeyRoutes,
  settingsRoutes,
  auditRoutes,
  dashboardRoutes,
  importRoutes,
  memberRoutes,
  jobRoutes,
  insightRoutes,
  conditionRoutes,
  tagRoutes,
  personaRoutes,
  segmentRoutes,
  layerRoutes,
  levelRoutes,
  pointsRoutes,
  storedValueRoutes,
  checkinRoutes,
  welcomeGiftRoutes,
  mallRoutes,
  memberMallRoutes,
  couponRoutes,
  couponBatchRoutes,
  couponTriggerRoutes,
  memberCouponRoutes,
  checkoutRoutes,
  couponVerifyRoutes,
  flashSaleRoutes,
  memberFlashSaleRoutes,
  couponReportRoutes,
  communityRoutes,
  memberCommunityRoutes,
  messagingRoutes,
  memberInboxRoutes,
  shortLinkRoutes,
  shortLinkRedirectRoutes,
  memberShortLinkRoutes,
  communityChatRoutes,
  liveCodeRoutes,
  memberLiveCodeRoutes,
  contentRoutes,
  staffTaskRoutes,
];

/** Builds the whole HTTP application without listening, so tests drive it with inject(). */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<App> {
  const fastPaths: FastPath[] = [];
  const app = Fastify({
    serverFactory: fastPathServerFactory(fastPaths, (error) =>
      app.log.error({ err: error }, "fast path failed"),
    ),
    logger: options.logger ?? false,
    genReqId: (req) => (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || randomUUID(),
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider() as unknown as App;

  registerFastPaths(app, fastPaths);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  app.decorateRequest("principal", null);

  app.addHook("onRoute", (route) => {
    if (!route.config?.access && !route.url.startsWith("/api/docs")) {
      throw new Error(`Route ${route.method} ${route.url} has no access rule (config.access)`);
    }
  });
  app.decorateRequest("staffSession", null);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (!request.is404) await authenticateRequest(deps, request);
  });
  app.addHook("preValidation", enforceAccess);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Quanzi API",
        version: "1.0.0",
        description: "Quanzi (圈子) customer community platform",
      },
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer", description: "API key: Authorization: Bearer qz_…" },
          session: { type: "apiKey", in: "cookie", name: "quanzi_session" },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list" } });
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  for (const register of routeModules) await register(app, deps);
  await registerStaticFiles(app, { distDir: options.webDistDir ?? defaultWebDistDir });
  return app;
}
