import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type QuanziServer, repoRoot, startQuanzi } from "./support/quanzi-server.js";

// The console's hand-written API types (web/src/shared/api-types.ts) checked against the server's OpenAPI
// document, so a renamed field or a newly nullable one fails here instead of as a blank cell on a screen.

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type OpenApi = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
};
type Field = { nullable: boolean; optional: boolean };
type Shape = Record<string, Field>;

/** Type name in api-types.ts → where its JSON lives in the OpenAPI document (path, method, status, then a walk). */
const contract: [string, string, string, string, ...string[]][] = [
  ["Me", "/api/auth/me", "get", "200"],
  ["InvitationInfo", "/api/auth/invitations/{token}", "get", "200"],
  ["SetupStatus", "/api/setup/status", "get", "200"],
  ["Customer", "/api/v1/customers", "post", "201"],
  ["CustomerListItem", "/api/v1/customers", "get", "200", "data", "[]"],
  ["CustomerDetail", "/api/v1/customers/{id}", "get", "200"],
  ["CustomerIdentity", "/api/v1/customers/{id}", "get", "200", "identities", "[]"],
  ["CustomerSummary", "/api/v1/customers/{id}", "get", "200", "summary"],
  ["CustomerEvent", "/api/v1/customers/{id}/events", "get", "200", "data", "[]"],
  ["Order", "/api/v1/orders/{id}", "get", "200"],
  ["OrderItem", "/api/v1/orders/{id}", "get", "200", "items", "[]"],
  ["Refund", "/api/v1/orders/{id}", "get", "200", "refunds", "[]"],
  ["Dashboard", "/api/v1/dashboard", "get", "200"],
  ["DashboardDay", "/api/v1/dashboard", "get", "200", "daily", "[]"],
  ["CategoryFigures", "/api/v1/dashboard", "get", "200", "topCategories", "[]"],
  ["Store", "/api/v1/stores", "get", "200", "data", "[]"],
  ["Staff", "/api/v1/staff", "get", "200", "data", "[]"],
  ["Invitation", "/api/v1/staff/invitations", "get", "200", "data", "[]"],
  ["CreatedInvitation", "/api/v1/staff/invitations", "post", "201"],
  ["ApiKey", "/api/v1/api-keys", "get", "200", "data", "[]"],
  ["CreatedApiKey", "/api/v1/api-keys", "post", "201"],
  ["Settings", "/api/v1/settings", "get", "200"],
  ["AuditEntry", "/api/v1/audit", "get", "200", "data", "[]"],
  ["Import", "/api/v1/imports/{id}", "get", "200"],
  ["UploadedImport", "/api/v1/imports", "post", "201"],
  ["ImportPreview", "/api/v1/imports", "post", "201", "preview"],
  ["ImportRowError", "/api/v1/imports/{id}/errors", "get", "200", "data", "[]"],
  // Customer insight screens (web2).
  ["CustomerMetrics", "/api/v1/customers/{id}", "get", "200", "metrics"],
  ["CustomerCategoryMetrics", "/api/v1/customers/{id}", "get", "200", "metrics", "categories", "[]"],
  ["CustomerRfm", "/api/v1/customers/{id}", "get", "200", "rfm"],
  ["DashboardActivity", "/api/v1/dashboard", "get", "200", "activity"],
  ["DashboardRfm", "/api/v1/dashboard", "get", "200", "rfm"],
  ["DashboardLayer", "/api/v1/dashboard", "get", "200", "layers", "[]"],
  ["Layer", "/api/v1/layers", "get", "200", "data", "[]"],
  ["LayerPreview", "/api/v1/layers/preview", "post", "200"],
  ["LayerSaved", "/api/v1/layers", "put", "200"],
  ["LayerFlow", "/api/v1/layers/flow", "get", "200"],
  ["LayerFlowNode", "/api/v1/layers/flow", "get", "200", "layers", "[]"],
  ["LayerFlowCell", "/api/v1/layers/flow", "get", "200", "matrix", "[]"],
  ["LayerFlowTotal", "/api/v1/layers/flow", "get", "200", "totals", "atFrom", "[]"],
  ["CustomerLayer", "/api/v1/customers/{id}/layer", "get", "200"],
  ["LayerMove", "/api/v1/customers/{id}/layer", "get", "200", "moves", "[]"],
  ["CustomerTag", "/api/v1/customers/{id}/tags", "get", "200", "data", "[]"],
  ["TagHistoryEntry", "/api/v1/customers/{id}/tag-history", "get", "200", "data", "[]"],
  ["InsightSettings", "/api/v1/insight/settings", "get", "200"],
  ["RfmSettings", "/api/v1/insight/settings", "get", "200", "rfm"],
  ["JobStatus", "/api/v1/jobs/{id}", "get", "200"],
  // Customer insight screens (web1): rule builder, tags, personas, segments.
  ["InsightField", "/api/v1/insight/fields", "get", "200", "data", "[]"],
  ["RulePreview", "/api/v1/insight/preview", "post", "200"],
  ["PreviewCustomer", "/api/v1/insight/preview", "post", "200", "customers", "[]"],
  ["TagGroup", "/api/v1/tags/groups", "get", "200", "data", "[]"],
  ["Tag", "/api/v1/tags", "get", "200", "data", "[]"],
  ["TagHolder", "/api/v1/tags/{id}/customers", "get", "200", "data", "[]"],
  ["TagCustomersResult", "/api/v1/tags/{id}/customers", "post", "200"],
  ["TagPhonesResult", "/api/v1/tags/{id}/customers/phones", "post", "200"],
  ["Persona", "/api/v1/personas", "post", "200"],
  ["PersonaSlice", "/api/v1/personas", "post", "200", "gender", "[]"],
  ["PersonaCategory", "/api/v1/personas", "post", "200", "categories", "[]"],
  ["Segment", "/api/v1/segments", "get", "200", "data", "[]"],
  ["SegmentMember", "/api/v1/segments/{id}/customers", "get", "200", "data", "[]"],
  // Member levels (loyalty).
  ["LevelConfig", "/api/v1/loyalty/levels", "get", "200"],
  ["LevelSettings", "/api/v1/loyalty/levels", "get", "200", "settings"],
  ["MemberLevel", "/api/v1/loyalty/levels", "get", "200", "levels", "[]"],
  ["LevelRewardCoupon", "/api/v1/loyalty/levels", "get", "200", "levels", "[]", "rewardCoupon"],
  ["LevelSaved", "/api/v1/loyalty/levels", "put", "200"],
  ["LevelCounts", "/api/v1/loyalty/levels/preview", "post", "200"],
  ["LevelCount", "/api/v1/loyalty/levels/distribution", "get", "200", "data", "[]"],
  ["CustomerLevel", "/api/v1/customers/{id}/level", "get", "200"],
  ["CurrentLevel", "/api/v1/customers/{id}/level", "get", "200", "current"],
  ["LevelBrief", "/api/v1/customers/{id}/level", "get", "200", "next"],
  ["LevelChange", "/api/v1/customers/{id}/level", "get", "200", "history", "[]"],
  ["LevelStanding", "/api/m/{slug}/level", "get", "200"],
  // Points and stored value (loyalty).
  ["LoyaltySettings", "/api/v1/loyalty/settings", "get", "200"],
  ["EarnRule", "/api/v1/loyalty/points-rules", "get", "200", "data", "[]"],
  ["WalletBalance", "/api/v1/customers/{id}/points", "get", "200"],
  ["ExpiringPoints", "/api/v1/customers/{id}/points", "get", "200", "expiringSoon", "[]"],
  ["LedgerEntry", "/api/v1/customers/{id}/points/entries", "get", "200", "data", "[]"],
  ["LedgerReason", "/api/v1/customers/{id}/points/entries", "get", "200", "data", "[]", "reason"],
  ["LedgerActor", "/api/v1/customers/{id}/points/entries", "get", "200", "data", "[]", "actor"],
  ["LedgerResult", "/api/v1/customers/{id}/points/adjust", "post", "201"],
  ["WalletBalance", "/api/m/{slug}/points", "get", "200"],
  ["MemberLedgerEntry", "/api/m/{slug}/points/entries", "get", "200", "data", "[]"],
  ["StoredValueBalance", "/api/v1/customers/{id}/stored-value", "get", "200"],
  ["TopupBonusRule", "/api/v1/loyalty/topup-bonus-rules", "get", "200", "data", "[]"],
  ["StoredValueTopup", "/api/v1/customers/{id}/stored-value/topups", "get", "200", "data", "[]"],
  ["TopupResult", "/api/v1/customers/{id}/stored-value/topups", "post", "201"],
  ["LedgerResult", "/api/v1/customers/{id}/stored-value/pay", "post", "201"],
  ["StoredValueBalance", "/api/m/{slug}/stored-value", "get", "200"],
  ["MemberLedgerEntry", "/api/m/{slug}/stored-value/entries", "get", "200", "data", "[]"],
  // Points mall and pickup verification (loyalty).
  ["AdminMallItem", "/api/v1/mall/items", "get", "200", "data", "[]"],
  ["MallItem", "/api/v1/mall/items/{id}", "get", "200"],
  ["StaffMallExchange", "/api/v1/mall/exchanges", "get", "200", "data", "[]"],
  ["MallExchange", "/api/m/{slug}/mall/exchanges", "get", "200", "data", "[]"],
  // Daily check-in and the new-member gift (loyalty).
  ["CheckinSettings", "/api/v1/loyalty/checkin/settings", "get", "200"],
  ["CheckinMakeupRules", "/api/v1/loyalty/checkin/settings", "get", "200", "makeup"],
  ["StreakReward", "/api/v1/loyalty/checkin/settings", "get", "200", "rewards", "[]"],
  ["CheckinCoupon", "/api/v1/loyalty/checkin/settings", "get", "200", "rewards", "[]", "coupon"],
  ["Checkin", "/api/v1/customers/{id}/checkins", "get", "200", "data", "[]"],
  ["CheckinCalendar", "/api/m/{slug}/checkin", "get", "200"],
  ["CheckinReward", "/api/m/{slug}/checkin", "get", "200", "todayReward"],
  ["CheckinResult", "/api/m/{slug}/checkin", "post", "201"],
  ["WelcomeGiftSettings", "/api/v1/loyalty/welcome-gift/settings", "get", "200"],
  ["GiftItem", "/api/v1/loyalty/welcome-gift/settings", "get", "200", "items", "[]"],
  ["GrantedWelcomeGift", "/api/v1/loyalty/welcome-gifts", "get", "200", "data", "[]"],
  ["WelcomeGift", "/api/v1/customers/{id}/welcome-gift", "post", "201"],
  // Flash sales (promotions).
  ["FlashSale", "/api/v1/flash-sales", "get", "200", "data", "[]"],
  ["FlashSaleList", "/api/v1/flash-sales", "get", "200"],
  ["FlashSalePurchase", "/api/v1/flash-sales/purchases", "get", "200", "data", "[]"],
  // Short links (community).
  ["ShortLink", "/api/v1/short-links", "get", "200", "data", "[]"],
  ["ShortLinkStats", "/api/v1/short-links/{id}/stats", "get", "200"],
  // Member coupons and the counter's coupon verification (核销).
  ["MemberCoupon", "/api/m/{slug}/coupons", "get", "200", "data", "[]"],
  ["CouponCentreItem", "/api/m/{slug}/coupon-centre", "get", "200", "data", "[]"],
  ["CouponVerifyLookup", "/api/v1/coupon-verify/{code}", "get", "200"],
  ["VerifyCouponView", "/api/v1/coupon-verify/{code}", "get", "200", "coupon"],
  ["VerifyCustomer", "/api/v1/coupon-verify/{code}", "get", "200", "customer"],
  ["VerifyQuote", "/api/v1/coupon-verify/{code}", "get", "200", "quote"],
  ["VerifyRejection", "/api/v1/coupon-verify/{code}", "get", "200", "quote", "rejection"],
  ["CouponVerifyResult", "/api/v1/coupon-verify", "post", "201"],
  ["VerifyRedemption", "/api/v1/coupon-verify", "post", "201", "redemption"],
  // Coupon screens (promotions): templates, issuing, code batches, triggers, quotes and redemptions.
  ["CouponTemplate", "/api/v1/coupon-templates", "get", "200", "data", "[]"],
  ["IssuedCoupon", "/api/v1/coupons", "get", "200", "data", "[]"],
  ["CouponTrigger", "/api/v1/coupon-triggers", "get", "200", "data", "[]"],
  ["CouponBatch", "/api/v1/coupon-batches", "get", "200", "data", "[]"],
  ["CouponBulkIssue", "/api/v1/coupon-bulk-issues/{id}", "get", "200"],
  ["Quote", "/api/v1/checkout/quote", "post", "200"],
  ["PricedLine", "/api/v1/checkout/quote", "post", "200", "lines", "[]"],
  ["QuoteGift", "/api/v1/checkout/quote", "post", "200", "gifts", "[]"],
  ["AppliedCoupon", "/api/v1/checkout/quote", "post", "200", "applied", "[]"],
  ["CouponRejection", "/api/v1/checkout/quote", "post", "200", "rejected", "[]"],
  ["RedemptionSummary", "/api/v1/redemptions", "get", "200", "data", "[]"],
  ["Redemption", "/api/v1/redemptions/{id}", "get", "200"],
  ["RedemptionCoupon", "/api/v1/redemptions/{id}", "get", "200", "coupons", "[]"],
  // End of coupon screens.
  // Coupon reports.
  ["CouponReport", "/api/v1/promotions/coupon-report", "get", "200"],
  ["CouponReportRow", "/api/v1/promotions/coupon-report", "get", "200", "rows", "[]"],
  ["CouponReportTotals", "/api/v1/promotions/coupon-report", "get", "200", "totals"],
  ["MessagingSettings", "/api/v1/messaging/settings", "put", "200"],
  ["SendPreview", "/api/v1/messaging/sends/preview", "post", "200"],
  ["ComposeResult", "/api/v1/messaging/sends", "post", "201"],
  ["OutboxMessage", "/api/v1/messaging/messages", "get", "200", "data", "[]"],
  ["MessageHold", "/api/v1/messaging/messages", "get", "200", "data", "[]", "hold"],
  ["WebhookTestResult", "/api/v1/messaging/webhook/test", "post", "200"],
];

function shapesOfTypeScript(): Map<string, Shape> {
  const file = path.join(repoRoot, "web/src/shared/api-types.ts");
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const shapes = new Map<string, Shape>();
  const moduleSymbol = checker.getSymbolAtLocation(source);
  for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
    if (!(symbol.flags & ts.SymbolFlags.TypeAlias)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    const shape: Shape = {};
    for (const property of checker.getPropertiesOfType(type)) {
      const propertyType = checker.getTypeOfSymbol(property);
      const parts = propertyType.isUnion() ? propertyType.types : [propertyType];
      shape[property.name] = {
        nullable: parts.some((part) => part.flags & ts.TypeFlags.Null),
        optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
      };
    }
    shapes.set(symbol.name, shape);
  }
  return shapes;
}

function resolve(doc: OpenApi, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split("/").at(-1) ?? "";
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(doc, target);
}

/** Drops a `null` branch (anyOf/oneOf) so the walk reaches the object itself. */
function nonNull(doc: OpenApi, schema: Schema): Schema {
  const resolved = resolve(doc, schema);
  const branches = resolved.anyOf ?? resolved.oneOf;
  const objectBranch = branches?.map((b) => resolve(doc, b)).find((b) => b.type !== "null");
  return objectBranch ?? resolved;
}

function isNullable(doc: OpenApi, schema: Schema): boolean {
  const resolved = resolve(doc, schema);
  if (Array.isArray(resolved.type) && resolved.type.includes("null")) return true;
  return [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])].some(
    (b) => isNullable(doc, b) || b.type === "null",
  );
}

function shapeOfOpenApi(doc: OpenApi, entry: (typeof contract)[number]): Shape {
  const [, route, method, status, ...walk] = entry;
  const response = doc.paths[route]?.[method]?.responses[status];
  const start = response?.content?.["application/json"]?.schema;
  if (!start)
    throw new Error(`no ${method.toUpperCase()} ${route} ${status} JSON response in the OpenAPI document`);
  let schema = nonNull(doc, start);
  for (const step of walk) {
    const next = step === "[]" ? schema.items : schema.properties?.[step];
    if (!next) throw new Error(`${route}: no "${step}" in the response schema`);
    schema = nonNull(doc, next);
  }
  const shape: Shape = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    shape[name] = { nullable: isNullable(doc, property), optional: !(schema.required ?? []).includes(name) };
  }
  return shape;
}

describe("the console's API types match the server's OpenAPI document", () => {
  let server: QuanziServer;
  let doc: OpenApi;
  const typescriptShapes = shapesOfTypeScript();

  beforeAll(async () => {
    server = await startQuanzi();
    doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as OpenApi;
  });
  afterAll(() => server?.stop());

  it.each(contract)("%s ↔ %s %s", (...entry) => {
    const [typeName] = entry;
    const ours = typescriptShapes.get(typeName);
    expect(ours, `${typeName} is exported from api-types.ts`).toBeDefined();
    // Field names, and for each field whether it may be null or absent, must agree.
    expect(ours).toEqual(shapeOfOpenApi(doc, entry));
  });
});
