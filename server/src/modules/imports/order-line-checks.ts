import { orderLineStageColumns } from "../orders/bulk-import.js";

/** The characters String.prototype.trim removes, so SQL trims cells exactly as readOrderLine does. */
const jsWhitespace = Array.from({ length: 0x10000 }, (_, c) => c)
  .filter((c) => String.fromCharCode(c).trim() === "")
  .map((c) => `\\u${c.toString(16).padStart(4, "0")}`)
  .join("");

/**
 * A cell as readOrderLine's cell() reads it: trimmed, and null when empty. Trimming this set of
 * characters costs PostgreSQL about 2 µs a cell, so only rows the reader flagged (edge_space: a
 * field may start or end with whitespace) pay it.
 */
export const trimmedCell = (column: string) =>
  `case when r.edge_space then nullif(btrim(${column}, E'${jsWhitespace}'), '') else nullif(${column}, '') end`;

const cancelledWords = ["已取消", "取消", "已作废", "作废", "cancelled", "canceled", "void", "voided"];

/** Lookup tables (raw text → value) made by convertDistinct for the columns that need JS parsing. */
export type OrderLineLookups = { dates: string; amounts: string; phones: string; quantities: string };

/**
 * The statement that turns the raw staged CSV (row_no, c0…cN as text) into typed order lines, with
 * the first problem of each bad line in `error` (the same checks, order and messages as
 * readOrderLine).
 */
export function typedOrderLinesSql(options: {
  stage: string;
  rawStage: string;
  columns: Map<string, number>;
  lookups: OrderLineLookups;
}): string {
  const { columns, lookups } = options;
  const column = (field: string) => {
    const index = columns.get(field);
    return index === undefined ? "null::text" : `r.c${index}`;
  };
  const cell = (field: string) => trimmedCell(column(field));
  const quoted = (text: string) => `'"' || coalesce(${text}, '') || '"'`;
  const cancelled = cancelledWords.map((w) => `'${w}'`).join(", ");
  const stageColumns = orderLineStageColumns.map((c) => c.split(" ")[0]).join(", ");
  return `create temp table ${options.stage} as
    select ${stageColumns}, error from (
      select l.row_no, l.order_no, d.value as placed_at, l.cust_ext, p.value as cust_phone, l.cust_name, l.store,
        l.sku, coalesce(l.name, l.sku) as name, l.category, q.value as quantity, u.value as unit_price,
        case when q.value > 0 then coalesce(dc.value, 0) else 0 end as discount,
        coalesce(lower(l.status) in (${cancelled}), false) as cancelled,
        case
          when l.order_no is null then 'Order number is empty'
          when d.value is null then 'Cannot read the date ' || ${quoted("l.placed_text")}
          when l.sku is null then 'SKU is empty'
          when q.value is null then 'Quantity ' || ${quoted("l.quantity_text")} || ' is not a whole number other than 0'
          when u.value is null or u.value < 0
            then 'Unit price ' || ${quoted("l.price_text")} || ' is not an amount in yuan with at most 2 decimals'
          when l.discount_text is not null and (dc.value is null or dc.value < 0)
            then 'Discount ' || ${quoted("l.discount_text")} || ' is not an amount'
          when q.value > 0 and coalesce(dc.value, 0) > q.value::numeric * u.value
            then 'Discount is larger than the line amount'
          when l.phone_text is not null and p.value is null then 'Phone ' || ${quoted("l.phone_text")} || ' is not a number'
        end || case when l.order_no_raw <> '' then ' (order ' || l.order_no_raw || ' was not imported)' else '' end
          as error
      from (
        select r.row_no, ${column("externalId")} as order_no_raw, ${cell("externalId")} as order_no,
          ${column("placedAt")} as placed_raw, ${cell("placedAt")} as placed_text,
          ${cell("customerExternalId")} as cust_ext, ${column("customerPhone")} as phone_raw,
          ${cell("customerPhone")} as phone_text, ${cell("customerName")} as cust_name, ${cell("store")} as store,
          ${cell("sku")} as sku, ${cell("name")} as name, ${cell("category")} as category,
          ${column("quantity")} as quantity_raw, ${cell("quantity")} as quantity_text,
          ${column("unitPrice")} as price_raw, ${cell("unitPrice")} as price_text,
          ${column("discount")} as discount_raw, ${cell("discount")} as discount_text, ${cell("status")} as status
        from ${options.rawStage} r offset 0) l
      left join ${lookups.dates} d on d.raw = l.placed_raw
      left join ${lookups.amounts} u on u.raw = l.price_raw
      left join ${lookups.amounts} dc on dc.raw = l.discount_raw
      left join ${lookups.phones} p on p.raw = l.phone_raw
      left join ${lookups.quantities} q on q.raw = l.quantity_raw
    ) t`;
}

/** Bad lines into the error report, with the row as the file has it (header → value). */
export function reportBadLinesSql(stage: string, rawStage: string, headerCount: number): string {
  const values = Array.from({ length: headerCount }, (_, i) => `coalesce(r.c${i}, '')`).join(", ");
  return `insert into import_errors (merchant_id, import_id, row_no, message, raw)
    select $1::uuid, $2::uuid, s.row_no, s.error, jsonb_object($3::text[], array[${values}])
    from ${stage} s join ${rawStage} r using (row_no) where s.error is not null
    on conflict do nothing`;
}
