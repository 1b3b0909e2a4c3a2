import type { App, AppDeps } from "../../../http/app-types.js";
import { contextOf } from "../../../http/request-context.js";
import { couponReport } from "./coupon-report.js";
import { couponReportCsv } from "./report-csv.js";
import { CouponReportQuerySchema, CouponReportSchema } from "./schemas.js";

const tags = ["promotions"];

export async function couponReportRoutes(app: App, { database }: AppDeps): Promise<void> {
  app.get(
    "/api/v1/promotions/coupon-report",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary:
          "Coupon performance per template, campaign, store or day, for whole days in the shop's time zone",
        querystring: CouponReportQuerySchema,
        response: { 200: CouponReportSchema },
      },
    },
    async (request) => couponReport(database, contextOf(request).merchantId, request.query),
  );

  app.get(
    "/api/v1/promotions/coupon-report.csv",
    {
      config: { access: "promotions:read" },
      schema: {
        tags,
        summary: "The coupon report as a CSV download (money in 元)",
        querystring: CouponReportQuerySchema,
      },
    },
    async (request, reply) => {
      const report = await couponReport(database, contextOf(request).merchantId, request.query);
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="coupon-report-${report.groupBy}-${report.from}-${report.to}.csv"`,
        )
        .send(couponReportCsv(report));
    },
  );
}
