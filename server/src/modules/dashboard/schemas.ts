import { z } from "zod";
import { RfmClassSchema } from "../insight/schemas.js";

const Rate = z.number().min(0);

export const DashboardSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  customers: z.number().int(),
  newCustomers: z.number().int(),
  orders: z.number().int(),
  gmv: z.number().int(),
  refunded: z.number().int(),
  averageOrderValue: z.number().int(),
  buyers: z.number().int(),
  repurchaseRate: z.number().describe("buyers with two or more orders in the period over all its buyers"),
  activity: z
    .object({
      windowDays: z.number().int(),
      liveCustomers: z.number().int(),
      activeCustomers: z.number().int(),
      repeatCustomers: z.number().int(),
      activeRate: Rate,
      repurchaseRate: Rate,
    })
    .describe("the rolling window ending on the period's last day (see daily)"),
  rfm: z.object({
    asOf: z.string().nullable().describe("as-of date of the last RFM computation; null before the first"),
    classes: z.array(z.object({ class: RfmClassSchema, customers: z.number().int() })),
  }),
  layers: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        nameEn: z.string().nullable(),
        position: z.number().int().nullable().describe("null for a layer since removed"),
        customers: z.number().int().describe("at the end of the period's last day"),
        daily: z.array(z.number().int()).describe("at the end of each day, in the order of daily"),
      }),
    )
    .describe("customers per layer, top to bottom"),
  daily: z.array(
    z.object({
      date: z.string(),
      orders: z.number().int(),
      gmv: z.number().int(),
      newCustomers: z.number().int(),
      liveCustomers: z.number().int().describe("customers on the books (not merged) at the end of the day"),
      activeCustomers: z
        .number()
        .int()
        .describe("customers with an order in the 30 local days ending on the day"),
      repeatCustomers: z.number().int().describe("customers with two or more orders in those 30 days"),
      activeRate: Rate.describe("activeCustomers / liveCustomers"),
      repurchaseRate: Rate.describe("repeatCustomers / activeCustomers"),
    }),
  ),
  topCategories: z.array(
    z.object({ category: z.string().nullable(), orders: z.number().int(), gmv: z.number().int() }),
  ),
});
