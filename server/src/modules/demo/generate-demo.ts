import { type Faker, fakerZH_CN } from "@faker-js/faker";
import {
  type CatalogItem,
  demoCatalog,
  demoCategories,
  demoRegions,
  demoStores,
  monthSeasonality,
} from "./demo-catalog.js";

export type DemoCustomer = {
  externalId: string;
  phone: string;
  name: string;
  gender: "male" | "female";
  birthday: string;
  province: string;
  city: string;
  district: string;
};

export type DemoLine = {
  orderNo: string;
  placedAt: Date;
  customer: DemoCustomer | null;
  store: string;
  item: CatalogItem;
  quantity: number;
  cancelled: boolean;
};

type Habit = { rate: number; joinedAt: number; churnAt: number; store: string; liked: Set<string> };

const dayMs = 86_400_000;
const segments = [
  { share: 0.15, perMonth: 3.2 },
  { share: 0.35, perMonth: 1.3 },
  { share: 0.35, perMonth: 0.45 },
  { share: 0.15, perMonth: 0 },
];

/**
 * The demo shop's history, the same for the same seed and reference time: customers with Chinese
 * names, phones, regions, genders and birthdays, and about `orders` orders over the past year with
 * loyal, regular, occasional and one-off buyers, churn, seasonality, a few returns and cancellations.
 */
export function generateDemo(options: { seed?: number; now: Date; customers?: number; orders?: number }) {
  const faker = fakerZH_CN;
  faker.seed(options.seed ?? 20261130);
  const end = options.now.getTime();
  const start = end - 365 * dayMs;
  const people = Array.from({ length: options.customers ?? 2000 }, (_, i) => makeCustomer(faker, i));
  const habits = people.map((c) => makeHabit(faker, c, start, end));
  const expected = habits.reduce(
    (s, h) => s + Math.max(1, (h.rate * (h.churnAt - h.joinedAt)) / (30 * dayMs)),
    0,
  );
  const guestShare = 0.08;
  const scale = ((options.orders ?? 20_000) * (1 - guestShare)) / expected;
  const lines: DemoLine[] = [];
  let orderNo = 0;
  const nextNo = () => `D${String(++orderNo).padStart(6, "0")}`;
  people.forEach((customer, i) => {
    for (const at of orderTimes(faker, habits[i]!, scale))
      lines.push(...basket(faker, nextNo(), at, customer, habits[i]!));
  });
  const guestOrders = Math.round((options.orders ?? 20_000) * guestShare);
  for (let g = 0; g < guestOrders; g++) {
    const at = start + faker.number.float({ min: 0, max: 1 }) * (end - start);
    const habit = {
      rate: 0,
      joinedAt: start,
      churnAt: end,
      store: faker.helpers.arrayElement(demoStores).code,
      liked: new Set<string>(),
    };
    lines.push(...basket(faker, nextNo(), atShopHours(faker, at), null, habit));
  }
  // Opening hours on the last day may lie after `now`; such orders move to the day before.
  for (const line of lines) {
    if (line.placedAt.getTime() > end) line.placedAt = new Date(line.placedAt.getTime() - dayMs);
  }
  lines.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  return { customers: people, lines };
}

function makeCustomer(faker: Faker, index: number): DemoCustomer {
  const sex = faker.helpers.weightedArrayElement([
    { value: "female" as const, weight: 62 },
    { value: "male" as const, weight: 38 },
  ]);
  const region = faker.helpers.weightedArrayElement(demoRegions.map((r) => ({ value: r, weight: r.weight })));
  const prefix = faker.helpers.arrayElement([
    "130",
    "133",
    "135",
    "136",
    "138",
    "139",
    "150",
    "152",
    "158",
    "177",
    "186",
    "188",
    "199",
  ]);
  return {
    externalId: `M${String(index + 1).padStart(5, "0")}`,
    phone: `${prefix}${String(index).padStart(4, "0")}${faker.string.numeric(4)}`,
    name: `${faker.person.lastName()}${faker.person.firstName(sex)}`,
    gender: sex,
    birthday: faker.date.birthdate({ min: 20, max: 72, mode: "age" }).toISOString().slice(0, 10),
    province: region.province,
    city: region.city,
    district: region.district,
  };
}

function makeHabit(faker: Faker, customer: DemoCustomer, start: number, end: number): Habit {
  const segment = faker.helpers.weightedArrayElement(segments.map((s) => ({ value: s, weight: s.share })));
  const existing = faker.datatype.boolean(0.4);
  const joinedAt = existing ? start : start + faker.number.float({ min: 0, max: 0.95 }) * (end - start);
  const churns = faker.datatype.boolean(0.25);
  const churnAt = churns ? joinedAt + faker.number.float({ min: 0.2, max: 1 }) * (end - joinedAt) : end;
  const nearStore = customer.district === "滨江区" || customer.district === "萧山区" ? "S02" : "S01";
  const store = faker.datatype.boolean(0.85) ? nearStore : nearStore === "S01" ? "S02" : "S01";
  const liked = new Set(faker.helpers.arrayElements(demoCategories, { min: 1, max: 2 }));
  return { rate: segment.perMonth, joinedAt, churnAt, store, liked };
}

/** A Poisson process at the customer's rate, thinned by the month's seasonality; one-off buyers buy once. */
function orderTimes(faker: Faker, habit: Habit, scale: number): number[] {
  if (habit.rate === 0)
    return [
      atShopHours(
        faker,
        habit.joinedAt + faker.number.float({ min: 0, max: 1 }) * (habit.churnAt - habit.joinedAt),
      ),
    ];
  const peak = Math.max(...monthSeasonality);
  const perMs = (habit.rate * scale * peak) / (30 * dayMs);
  const times: number[] = [];
  for (let t = habit.joinedAt; ; ) {
    t += -Math.log(1 - faker.number.float({ min: 0, max: 0.999999 })) / perMs;
    if (t >= habit.churnAt) break;
    const month = new Date(t + 8 * 3600_000).getUTCMonth();
    if (faker.number.float({ min: 0, max: 1 }) < monthSeasonality[month]! / peak)
      times.push(atShopHours(faker, t));
  }
  return times.length > 0 ? times : [atShopHours(faker, habit.joinedAt)];
}

/** Moves a moment to opening hours (08:00–21:00 Beijing time) on the same day, busiest at 10 and 18. */
function atShopHours(faker: Faker, t: number): number {
  const dayStart = Math.floor((t + 8 * 3600_000) / dayMs) * dayMs - 8 * 3600_000;
  const hour = faker.helpers.weightedArrayElement(
    [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((h) => ({
      value: h,
      weight: h === 10 || h === 18 ? 4 : h === 9 || h === 17 || h === 19 ? 2 : 1,
    })),
  );
  return dayStart + hour * 3600_000 + faker.number.int({ min: 0, max: 3599 }) * 1000;
}

function basket(
  faker: Faker,
  orderNo: string,
  at: number,
  customer: DemoCustomer | null,
  habit: Habit,
): DemoLine[] {
  const size = faker.helpers.weightedArrayElement(
    [1, 2, 3, 4, 5, 6].map((n, i) => ({ value: n, weight: [22, 30, 22, 14, 8, 4][i]! })),
  );
  const choices = demoCatalog.map((item) => ({
    value: item,
    weight: item.weight * (habit.liked.has(item.category) ? 3 : 1),
  }));
  const items = new Map<string, CatalogItem>();
  while (items.size < size) {
    const item = faker.helpers.weightedArrayElement(choices);
    items.set(item.sku, item);
  }
  const cancelled = faker.datatype.boolean(0.005);
  const placedAt = new Date(at);
  const lines: DemoLine[] = [...items.values()].map((item) => ({
    orderNo,
    placedAt,
    customer,
    store: habit.store,
    item,
    quantity: faker.helpers.weightedArrayElement([
      { value: 1, weight: 70 },
      { value: 2, weight: 22 },
      { value: 3, weight: 8 },
    ]),
    cancelled,
  }));
  if (!cancelled && faker.datatype.boolean(0.02)) {
    const returned = lines[0]!;
    lines.push({ ...returned, quantity: -1 });
  }
  return lines;
}
