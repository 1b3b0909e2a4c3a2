import { AppError } from "../../errors.js";

export const importKinds = ["orders", "customers"] as const;
export type ImportKind = (typeof importKinds)[number];

export const orderFields = [
  "externalId",
  "placedAt",
  "customerExternalId",
  "customerPhone",
  "customerName",
  "store",
  "sku",
  "name",
  "category",
  "quantity",
  "unitPrice",
  "discount",
  "status",
] as const;
export type OrderField = (typeof orderFields)[number];

export const customerFields = [
  "externalId",
  "phone",
  "name",
  "gender",
  "birthday",
  "email",
  "province",
  "city",
  "district",
  "occupation",
  "note",
] as const;
export type CustomerField = (typeof customerFields)[number];

export const fieldsOf = (kind: ImportKind): readonly string[] =>
  kind === "orders" ? orderFields : customerFields;

const requiredFields: Record<ImportKind, readonly string[]> = {
  orders: ["externalId", "placedAt", "sku", "quantity", "unitPrice"],
  customers: [],
};

/** Column → field, as the client sends it and as it is saved per merchant. */
export type ColumnMapping = Record<string, string>;

/** Header names shops use, normalised (lower case, no spaces or punctuation), per field and kind. */
const synonyms: Record<ImportKind, Record<string, string[]>> = {
  orders: {
    externalId: [
      "订单号",
      "单号",
      "订单编号",
      "订单id",
      "小票号",
      "流水号",
      "orderno",
      "ordernumber",
      "orderid",
      "order",
      "externalid",
    ],
    placedAt: [
      "下单时间",
      "日期",
      "时间",
      "交易时间",
      "订单时间",
      "销售时间",
      "付款时间",
      "date",
      "time",
      "placedat",
      "orderdate",
      "orderedat",
      "createdat",
    ],
    customerExternalId: [
      "会员编号",
      "会员号",
      "会员卡号",
      "卡号",
      "会员id",
      "customerid",
      "memberid",
      "memberno",
      "customerexternalid",
      "customerno",
    ],
    customerPhone: [
      "手机",
      "手机号",
      "电话",
      "手机号码",
      "会员手机",
      "联系电话",
      "phone",
      "mobile",
      "customerphone",
      "tel",
    ],
    customerName: [
      "姓名",
      "会员姓名",
      "会员名称",
      "顾客",
      "顾客姓名",
      "客户",
      "客户名称",
      "customername",
      "membername",
      "customer",
    ],
    store: ["门店", "门店名称", "门店编码", "店铺", "store", "storecode", "storename", "shop"],
    sku: ["商品编码", "商品编号", "货号", "条码", "sku", "skucode", "productcode", "itemcode", "barcode"],
    name: ["商品名称", "商品", "品名", "商品名", "productname", "itemname", "product", "name"],
    category: ["品类", "分类", "类别", "商品分类", "category", "productcategory"],
    quantity: ["数量", "销售数量", "件数", "qty", "quantity"],
    unitPrice: ["单价", "售价", "价格", "销售单价", "unitprice", "price"],
    discount: ["优惠", "折扣", "优惠金额", "折扣金额", "discount"],
    status: ["状态", "订单状态", "status", "orderstatus"],
  },
  customers: {
    externalId: [
      "会员编号",
      "会员号",
      "会员卡号",
      "卡号",
      "会员id",
      "客户编号",
      "externalid",
      "memberid",
      "memberno",
      "customerid",
      "id",
    ],
    phone: ["手机", "手机号", "电话", "手机号码", "联系电话", "phone", "mobile", "tel"],
    name: ["姓名", "会员姓名", "名字", "客户名称", "name", "fullname"],
    gender: ["性别", "gender", "sex"],
    birthday: ["生日", "出生日期", "birthday", "birthdate", "dateofbirth"],
    email: ["邮箱", "电子邮箱", "email", "mail"],
    province: ["省", "省份", "province", "state"],
    city: ["市", "城市", "city"],
    district: ["区", "区县", "district"],
    occupation: ["职业", "occupation", "job"],
    note: ["备注", "note", "notes", "remark"],
  },
};

const normalizeHeader = (header: string) => header.toLowerCase().replace(/[\s_\-.:：()（）#/]/gu, "");

/**
 * Suggests a field for each header from its name; the merchant's saved mapping wins for the
 * columns it names. Each field is suggested for one column at most.
 */
export function suggestMapping(
  kind: ImportKind,
  headers: string[],
  saved: ColumnMapping | null,
): ColumnMapping {
  const fields = fieldsOf(kind);
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const header of headers) {
    const field = saved?.[header];
    if (field && fields.includes(field) && !taken.has(field)) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  for (const header of headers) {
    if (mapping[header]) continue;
    const key = normalizeHeader(header);
    const field = Object.entries(synonyms[kind]).find(
      ([candidate, names]) => !taken.has(candidate) && names.includes(key),
    )?.[0];
    if (field) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** Field → column index; refuses unknown columns or fields, a field mapped twice, missing required fields. */
export function resolveMapping(
  kind: ImportKind,
  headers: string[],
  mapping: ColumnMapping,
): Map<string, number> {
  const fields = fieldsOf(kind);
  const byField = new Map<string, number>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue;
    const index = headers.indexOf(column);
    if (index < 0)
      throw new AppError("validation_failed", `Column "${column}" is not in the file`, { column });
    if (!fields.includes(field)) {
      throw new AppError(
        "validation_failed",
        `Unknown field "${field}" for ${kind}; use one of ${fields.join(", ")}`,
        {
          field,
        },
      );
    }
    if (byField.has(field))
      throw new AppError("validation_failed", `Field "${field}" is mapped twice`, { field });
    byField.set(field, index);
  }
  const missing = requiredFields[kind].filter((f) => !byField.has(f));
  if (missing.length) {
    throw new AppError("validation_failed", `Map a column to each required field: ${missing.join(", ")}`, {
      missing,
    });
  }
  if (kind === "customers" && !byField.has("externalId") && !byField.has("phone")) {
    throw new AppError("validation_failed", "Map a column to externalId or phone to identify each customer", {
      missing: ["externalId|phone"],
    });
  }
  return byField;
}
