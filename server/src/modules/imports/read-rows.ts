import { parseCalendarDate, parseShopDate } from "../../lib/dates.js";
import { parseYuanToFen } from "../../lib/money.js";
import { normalizePhone } from "../../lib/phone.js";

/** One order line as staged for the set-based load (money in 分, time as ISO). */
export type OrderLineRow = {
  rowNo: number;
  orderNo: string;
  placedAt: string;
  customerExternalId: string | null;
  customerPhone: string | null;
  customerName: string | null;
  store: string | null;
  sku: string;
  name: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
  cancelled: boolean;
};

export type CustomerRow = {
  rowNo: number;
  externalId: string | null;
  phone: string | null;
  name: string | null;
  gender: "male" | "female" | "other" | "unknown" | null;
  birthday: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  occupation: string | null;
  note: string | null;
};

export type RowResult<Row> = { ok: true; row: Row } | { ok: false; message: string };

type Columns = Map<string, number>;

const cell = (values: string[], columns: Columns, field: string): string | null => {
  const index = columns.get(field);
  const value = index === undefined ? undefined : values[index]?.trim();
  return value === undefined || value === "" ? null : value;
};

/**
 * Lines of one order repeat its date, and a shop has a few hundred prices: memoising the parses
 * keeps a million-line import from spending its time in Intl and regular expressions.
 */
function memoised<T>(compute: (text: string, extra: string) => T, limit = 50_000) {
  const cache = new Map<string, T>();
  return (text: string, extra = ""): T => {
    const key = `${extra}|${text}`;
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      if (cache.size >= limit) cache.clear();
      value = compute(text, extra);
      cache.set(key, value);
    }
    return value as T;
  };
}

const readDate = memoised((text, timeZone) => parseShopDate(text, timeZone));
const readMoney = memoised((text) => parseYuanToFen(text));
const readPhone = memoised((text) => normalizePhone(text));

const cancelledWords = new Set([
  "已取消",
  "取消",
  "已作废",
  "作废",
  "cancelled",
  "canceled",
  "void",
  "voided",
]);

/** Reads one CSV record as an order line, or says what is wrong with it. */
export function readOrderLine(
  rowNo: number,
  values: string[],
  columns: Columns,
  timeZone: string,
): RowResult<OrderLineRow> {
  const orderNo = cell(values, columns, "externalId");
  if (!orderNo) return { ok: false, message: "Order number is empty" };
  const placedText = cell(values, columns, "placedAt");
  const placed = placedText ? readDate(placedText, timeZone) : null;
  if (placed === null) return { ok: false, message: `Cannot read the date "${placedText ?? ""}"` };
  const sku = cell(values, columns, "sku");
  if (!sku) return { ok: false, message: "SKU is empty" };
  const quantityText = cell(values, columns, "quantity") ?? "";
  if (!/^[+-]?\d{1,9}(\.0+)?$/.test(quantityText) || Number(quantityText) === 0) {
    return { ok: false, message: `Quantity "${quantityText}" is not a whole number other than 0` };
  }
  const quantity = Math.trunc(Number(quantityText));
  const priceText = cell(values, columns, "unitPrice") ?? "";
  const unitPrice = readMoney(priceText);
  if (unitPrice === null || unitPrice < 0) {
    return {
      ok: false,
      message: `Unit price "${priceText}" is not an amount in yuan with at most 2 decimals`,
    };
  }
  const discountText = cell(values, columns, "discount");
  const discount = discountText ? readMoney(discountText) : 0;
  if (discount === null || discount < 0)
    return { ok: false, message: `Discount "${discountText}" is not an amount` };
  if (quantity > 0 && discount > quantity * unitPrice) {
    return { ok: false, message: "Discount is larger than the line amount" };
  }
  const phoneText = cell(values, columns, "customerPhone");
  const phone = phoneText ? readPhone(phoneText) : null;
  if (phone !== null && !/^\+?\d{5,20}$/.test(phone)) {
    return { ok: false, message: `Phone "${phoneText}" is not a number` };
  }
  const status = cell(values, columns, "status");
  return {
    ok: true,
    row: {
      rowNo,
      orderNo,
      placedAt: placedIso(placed),
      customerExternalId: cell(values, columns, "customerExternalId"),
      customerPhone: phone,
      customerName: cell(values, columns, "customerName"),
      store: cell(values, columns, "store"),
      sku,
      name: cell(values, columns, "name") ?? sku,
      category: cell(values, columns, "category"),
      quantity,
      unitPrice,
      discount: quantity > 0 ? discount : 0,
      cancelled: status !== null && cancelledWords.has(status.toLowerCase()),
    },
  };
}

let lastPlaced = Number.NaN;
let lastPlacedIso = "";
function placedIso(ms: number): string {
  if (ms !== lastPlaced) {
    lastPlaced = ms;
    lastPlacedIso = new Date(ms).toISOString();
  }
  return lastPlacedIso;
}

const genders: Record<string, CustomerRow["gender"]> = {
  男: "male",
  m: "male",
  male: "male",
  女: "female",
  f: "female",
  female: "female",
  其他: "other",
  other: "other",
  未知: "unknown",
  unknown: "unknown",
};

/** Reads one CSV record as a customer, or says what is wrong with it. */
export function readCustomerRow(rowNo: number, values: string[], columns: Columns): RowResult<CustomerRow> {
  const get = (field: string) => cell(values, columns, field);
  const phoneText = get("phone");
  const phone = phoneText ? normalizePhone(phoneText) : null;
  if (phone !== null && !/^\+?\d{5,20}$/.test(phone))
    return { ok: false, message: `Phone "${phoneText}" is not a number` };
  const externalId = get("externalId");
  if (!externalId && !phone) return { ok: false, message: "Neither a member number nor a phone" };
  const genderText = get("gender");
  const gender = genderText ? genders[genderText.toLowerCase()] : null;
  if (gender === undefined) return { ok: false, message: `Gender "${genderText}" is not 男/女/male/female` };
  const birthdayText = get("birthday");
  const birthday = birthdayText ? parseCalendarDate(birthdayText) : null;
  if (birthdayText && !birthday) return { ok: false, message: `Cannot read the birthday "${birthdayText}"` };
  const email = get("email")?.toLowerCase() ?? null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return { ok: false, message: `Email "${email}" is not valid` };
  return {
    ok: true,
    row: {
      rowNo,
      externalId,
      phone,
      name: get("name"),
      gender,
      birthday,
      email,
      province: get("province"),
      city: get("city"),
      district: get("district"),
      occupation: get("occupation"),
      note: get("note"),
    },
  };
}
