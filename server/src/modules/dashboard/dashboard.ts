import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { wallTimeToInstant } from "../../lib/dates.js";
import { customerFigures } from "../customers/customer-figures.js";
import { countRfmClasses } from "../insight/rfm-class-counts.js";
import { layerCountsByDay } from "../layers/layer-counts-by-day.js";
import { getMerchant } from "../merchants/create-merchant.js";
import { buyerActivityByDay, rollingWindowDays } from "../orders/buyer-activity.js";
import { orderFigures, topCategories } from "../orders/order-figures.js";

const dayMs = 86_400_000;

/** Every calendar day from one YYYY-MM-DD to another, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The dashboard's figures for whole local days [from, to] in the shop's time zone: customers,
 * new customers, orders, GMV, average order value, repurchase rate (buyers with two or more orders
 * in the period, over all buyers), a daily series and the top categories; and for each day the
 * rolling 30-day activity (see activityByDay), the RFM classes of the last computation and the
 * customers per layer.
 */
export async function dashboardFigures(
  database: Database,
  merchantId: string,
  range: { from: string; to: string },
) {
  const days = daysBetween(range.from, range.to);
  if (days.length === 0) throw new AppError("validation_failed", "from must not be after to");
  if (days.length > 731) throw new AppError("validation_failed", "The period can be at most two years");
  const merchant = await getMerchant(database, merchantId);
  const timeZone = merchant.timeZone;
  const nextDay = new Date(Date.parse(`${range.to}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
  const period = {
    from: new Date(wallTimeToInstant(Date.parse(`${range.from}T00:00:00Z`), timeZone)),
    to: new Date(wallTimeToInstant(Date.parse(`${nextDay}T00:00:00Z`), timeZone)),
    timeZone,
  };
  return withMerchant(database, merchantId, async (tx) => {
    const ordersPart = await orderFigures(tx, merchantId, period);
    const customersPart = await customerFigures(tx, merchantId, period);
    const categories = await topCategories(tx, merchantId, period);
    const activity = await buyerActivityByDay(tx, merchantId, {
      firstDay: range.from,
      lastDay: range.to,
      timeZone,
    });
    const rfm = await countRfmClasses(tx, merchantId);
    const layers = await layerCountsByDay(tx, merchantId, {
      firstDay: range.from,
      lastDay: range.to,
      timeZone,
    });
    const byDay = new Map(ordersPart.daily.map((d) => [d.date, d]));
    const live = liveCustomersByDay(days, customersPart.total, customersPart.newByDay);
    const daily = days.map((date, i) => {
      const { activeBuyers, repeatBuyers } = activity[i] ?? { activeBuyers: 0, repeatBuyers: 0 };
      const liveCustomers = live[i] ?? 0;
      return {
        date,
        orders: byDay.get(date)?.orders ?? 0,
        gmv: byDay.get(date)?.gmv ?? 0,
        newCustomers: customersPart.newByDay.get(date) ?? 0,
        liveCustomers,
        activeCustomers: activeBuyers,
        repeatCustomers: repeatBuyers,
        activeRate: ratio(activeBuyers, liveCustomers),
        repurchaseRate: ratio(repeatBuyers, activeBuyers),
      };
    });
    const last = daily.at(-1);
    const orders = daily.reduce((s, d) => s + d.orders, 0);
    const gmv = daily.reduce((s, d) => s + d.gmv, 0);
    return {
      from: range.from,
      to: range.to,
      timeZone,
      customers: customersPart.total,
      newCustomers: daily.reduce((s, d) => s + d.newCustomers, 0),
      orders,
      gmv,
      refunded: ordersPart.daily.reduce((s, d) => s + d.refunded, 0),
      averageOrderValue: orders === 0 ? 0 : Math.round(gmv / orders),
      buyers: ordersPart.buyers,
      repurchaseRate: ordersPart.buyers === 0 ? 0 : ordersPart.repeatBuyers / ordersPart.buyers,
      activity: {
        windowDays: rollingWindowDays,
        liveCustomers: last?.liveCustomers ?? 0,
        activeCustomers: last?.activeCustomers ?? 0,
        repeatCustomers: last?.repeatCustomers ?? 0,
        activeRate: last?.activeRate ?? 0,
        repurchaseRate: last?.repurchaseRate ?? 0,
      },
      rfm,
      layers: layers.map((l) => ({ ...l, customers: l.daily.at(-1) ?? 0 })),
      daily,
      topCategories: categories,
    };
  });
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Customers on the books at the end of each day: the total at the period's end less those who joined later. */
function liveCustomersByDay(days: string[], totalAtEnd: number, newByDay: Map<string, number>): number[] {
  const live: number[] = new Array(days.length);
  let count = totalAtEnd;
  for (let i = days.length - 1; i >= 0; i--) {
    live[i] = count;
    count -= newByDay.get(days[i] as string) ?? 0;
  }
  return live;
}
