import { createCustomerBatchTable, upsertCustomerBatch } from "../customers/bulk-upsert.js";

type Query = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/** Columns of the staging table the caller fills (one row per CSV line, money in 分). */
export const orderLineStageColumns = [
  "row_no int not null",
  "order_no text not null",
  "placed_at timestamptz not null",
  "cust_ext text",
  "cust_phone text",
  "cust_name text",
  "store text",
  "sku text not null",
  "name text not null",
  "category text",
  "quantity int not null",
  "unit_price bigint not null",
  "discount bigint not null",
  "cancelled boolean not null",
] as const;

export type OrderImportCounts = {
  orders: number;
  lines: number;
  customersCreated: number;
  refunds: number;
  guestOrders: number;
  skippedExisting: number;
};

export type OrderImportTarget = {
  merchantId: string;
  importId: string;
  currency: string;
  /** The staging table of lines (orderLineStageColumns). */
  stage: string;
  /** A table (row_no int, message text) that receives lines that could not be applied. */
  rejects: string;
  tempName(prefix: string): string;
};

/**
 * Writes staged order lines as orders, set-based, with the same arithmetic as POST /api/v1/orders:
 * lines grouped by order number (first line gives time, customer and store), orders already in the
 * database skipped, customers found or created by identity, stores and products kept, negative lines
 * refunded on the order's line with that SKU, cancelled orders refunded whole. Refund external ids
 * are stable (import:<order>:<sku>:<n>, import:<order>:cancel), so a second run adds nothing.
 * Runs in the caller's merchant transaction.
 */
export async function importOrderLines(query: Query, target: OrderImportTarget): Promise<OrderImportCounts> {
  const orders = target.tempName("import_orders");
  await collectOrders(query, target, orders);
  await resolveStores(query, target, orders);
  const customersCreated = await resolveCustomers(query, target, orders);
  const inserted = await insertOrders(query, target, orders);
  // Fresh statistics, or the planner takes the just-filled tables for empty ones and the refund
  // steps below join them with nested loops over full scans (minutes instead of milliseconds).
  await query("analyze orders");
  await query("analyze order_items");
  const refunds = await createRefunds(query, target, orders);
  const [skipped] = await query<{ n: number }>(
    `select count(*)::int as n from ${orders} where existing_id is not null`,
  );
  await query(`drop table ${orders}`);
  return { ...inserted, customersCreated, refunds, skippedExisting: skipped?.n ?? 0 };
}

/**
 * A UUIDv7-style id: the transaction's time, then a counter in file order, then random bits. New
 * orders (and so their lines) land at the right-hand end of the primary-key indexes instead of at
 * random pages, which is most of the cost of inserting a million lines.
 */
function orderedUuid(counter: string): string {
  const time = "lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint), 12, '0')";
  const count = `lpad(to_hex(${counter}), 6, '0')`;
  return `(substr(${time}, 1, 8) || '-' || substr(${time}, 9, 4) || '-7' || substr(${count}, 1, 3) || '-8'
    || substr(${count}, 4, 3) || '-' || substr(md5(random()::text), 1, 12))::uuid`;
}

/**
 * One row per order. Hash aggregates and a join on the first line's row number, not sorts of a
 * million lines: the totals by order number, the first line for time, customer and store.
 */
async function collectOrders(query: Query, t: OrderImportTarget, orders: string) {
  await query(
    `create temp table ${orders} as
     with sums as (
       select order_no, min(row_no) as first_row, sum(quantity::bigint * unit_price - discount)::bigint as subtotal,
         sum(quantity)::int as item_count, bool_or(cancelled) as cancelled
       from ${t.stage} where quantity > 0 group by order_no),
     categories as (
       select order_no, jsonb_agg(category order by category) as categories
       from (select distinct order_no, category from ${t.stage} where quantity > 0 and category is not null) d
       group by order_no)
     select h.order_no, h.placed_at, h.cust_ext, h.cust_phone, h.cust_name, h.store, s.first_row, s.subtotal,
       s.item_count, s.cancelled, coalesce(c.categories, '[]') as categories, o.id as existing_id,
       coalesce(o.id, ${orderedUuid("row_number() over (order by s.first_row)")}) as id,
       null::uuid as customer_id, null::uuid as store_id,
       case when h.cust_ext is not null then 'e:' || h.cust_ext
            when h.cust_phone is not null then 'p:' || h.cust_phone end as customer_key
     from sums s join ${t.stage} h on h.row_no = s.first_row
     left join categories c on c.order_no = s.order_no
     left join orders o on o.merchant_id = $1 and o.external_id = s.order_no`,
    [t.merchantId],
  );
  await query(`create unique index on ${orders} (order_no)`);
  await query(`analyze ${orders}`);
}

/** Stores are matched by code, then by name; a store the shop has not set up yet is created. */
async function resolveStores(query: Query, t: OrderImportTarget, orders: string) {
  const map = t.tempName("import_stores");
  await query(`create temp table ${map} as
    select distinct store, null::uuid as store_id from ${orders} where existing_id is null and store is not null`);
  await query(
    `update ${map} m set store_id = s.id from stores s where s.merchant_id = $1 and s.code = m.store`,
    [t.merchantId],
  );
  await query(
    `update ${map} m set store_id = s.id from stores s
     where m.store_id is null and s.merchant_id = $1 and s.name = m.store`,
    [t.merchantId],
  );
  await query(
    `with created as (
       insert into stores (merchant_id, code, name) select $1::uuid, store, store from ${map} where store_id is null
       on conflict (merchant_id, code) do nothing returning id, code)
     update ${map} m set store_id = created.id from created where created.code = m.store`,
    [t.merchantId],
  );
  await query(
    `update ${orders} o set store_id = m.store_id from ${map} m where o.store = m.store and o.existing_id is null`,
  );
  await query(`drop table ${map}`);
}

async function resolveCustomers(query: Query, t: OrderImportTarget, orders: string): Promise<number> {
  const batch = t.tempName("import_customers");
  await createCustomerBatchTable(query, batch);
  await query(
    `insert into ${batch} (key, ext, phone, name, joined_at)
     select customer_key, (array_agg(cust_ext order by first_row))[1],
       (array_agg(cust_phone order by first_row) filter (where cust_phone is not null))[1],
       (array_agg(cust_name order by first_row) filter (where cust_name is not null))[1], min(placed_at)
     from ${orders} where existing_id is null and customer_key is not null group by customer_key`,
  );
  const { created } = await upsertCustomerBatch(query, t.merchantId, batch, {
    updateExisting: false,
    source: "import",
  });
  await query(
    `update ${orders} o set customer_id = b.customer_id from ${batch} b
     where b.key = o.customer_key and o.existing_id is null`,
  );
  await query(`drop table ${batch}`);
  return created;
}

async function insertOrders(query: Query, t: OrderImportTarget, orders: string) {
  const [counts] = await query<{ orders: number; guests: number }>(
    `with ins as (
       insert into orders (merchant_id, id, external_id, customer_id, store_id, placed_at, status, currency,
         subtotal, discount, total, item_count, source, import_id)
       select $1::uuid, id, order_no, customer_id, store_id, placed_at,
         case when cancelled then 'cancelled' else 'completed' end, $3, subtotal, 0, subtotal,
         item_count, 'import', $2::uuid
       from ${orders} where existing_id is null order by id
       returning customer_id)
     select count(*)::int as orders, (count(*) filter (where customer_id is null))::int as guests from ins`,
    [t.merchantId, t.importId, t.currency],
  );
  const [lines] = await query<{ n: number }>(
    `with ins as (
       insert into order_items (merchant_id, order_id, line_no, sku, name, category, quantity, unit_price,
         discount, total)
       select $1::uuid, o.id, row_number() over (partition by o.id order by s.row_no), s.sku, s.name,
         s.category, s.quantity, s.unit_price, s.discount, s.quantity::bigint * s.unit_price - s.discount
       from ${t.stage} s join ${orders} o using (order_no)
       where o.existing_id is null and s.quantity > 0
       returning 1)
     select count(*)::int as n from ins`,
    [t.merchantId],
  );
  // The latest line of each SKU picked on narrow rows (SKU, time, row), then joined for its name.
  await query(
    `insert into products (merchant_id, sku, name, category, last_unit_price)
     select $1, s.sku, s.name, s.category, s.unit_price
     from (select distinct on (s.sku) s.sku, s.row_no from ${t.stage} s join ${orders} o using (order_no)
           where o.existing_id is null and s.quantity > 0
           order by s.sku, s.placed_at desc, s.row_no desc) latest
     join ${t.stage} s on s.row_no = latest.row_no
     on conflict (merchant_id, sku) do update set name = excluded.name,
       category = coalesce(excluded.category, products.category),
       last_unit_price = excluded.last_unit_price, updated_at = now()`,
    [t.merchantId],
  );
  await query(
    `insert into events (merchant_id, customer_id, type, properties, occurred_at, source)
     select $1::uuid, customer_id, 'order.placed', jsonb_build_object('orderId', id, 'externalId', order_no,
       'total', subtotal, 'storeId', store_id, 'itemCount', item_count, 'categories', categories),
       placed_at, 'import'
     from ${orders} where existing_id is null order by placed_at, first_row`,
    [t.merchantId],
  );
  return { orders: counts?.orders ?? 0, guestOrders: counts?.guests ?? 0, lines: lines?.n ?? 0 };
}

/** A line's share of what the customer paid (order-level discounts spread in proportion). */
const lineNet =
  "(i.total - case when o.discount = 0 or o.subtotal = 0 then 0 else i.total * o.discount / o.subtotal end)";

async function createRefunds(query: Query, t: OrderImportTarget, orders: string): Promise<number> {
  const created = t.tempName("import_refunds");
  await query(`create temp table ${created} (refund_id uuid, order_id uuid, amount bigint, refunded_at timestamptz,
    cancels_new boolean not null default false)`);
  await refundReturnLines(query, t, orders, created);
  await refundCancelledOrders(query, t, orders, created);
  await query(
    `update orders o set refunded_amount = o.refunded_amount + x.amount,
       status = case when x.cancels_new then 'cancelled'
                     when o.refunded_amount + x.amount >= o.total then 'refunded'
                     else 'partially_refunded' end,
       updated_at = now()
     from (select order_id, sum(amount)::bigint as amount, bool_or(cancels_new) as cancels_new
           from ${created} group by order_id) x
     where o.merchant_id = $1 and o.id = x.order_id`,
    [t.merchantId],
  );
  await query(
    `insert into events (merchant_id, customer_id, type, properties, occurred_at, source)
     select $1::uuid, o.customer_id, 'order.refunded',
       jsonb_build_object('orderId', c.order_id, 'refundId', c.refund_id, 'amount', c.amount), c.refunded_at, 'import'
     from ${created} c join orders o on o.merchant_id = $1 and o.id = c.order_id order by c.refunded_at`,
    [t.merchantId],
  );
  const [count] = await query<{ n: number }>(`select count(*)::int as n from ${created}`);
  await query(`drop table ${created}`);
  return count?.n ?? 0;
}

/** Negative quantities: each line returns units of the order's first line with that SKU. */
async function refundReturnLines(query: Query, t: OrderImportTarget, orders: string, created: string) {
  const returns = t.tempName("import_returns");
  await query(
    `create temp table ${returns} as
     select s.row_no, s.order_no, s.sku, -s.quantity as quantity, s.placed_at as refunded_at,
       'import:' || s.order_no || ':' || s.sku || ':'
         || row_number() over (partition by s.order_no, s.sku order by s.row_no) as external_id,
       coalesce(n.id, o.id) as order_id, null::int as line_no
     from ${t.stage} s
     left join ${orders} n on n.order_no = s.order_no
     left join orders o on n.order_no is null and o.merchant_id = $1 and o.external_id = s.order_no
     where s.quantity < 0`,
    [t.merchantId],
  );
  await query(
    `insert into ${t.rejects} (row_no, message)
     select row_no, 'Return for order ' || order_no || ', which is neither in the file nor imported before'
     from ${returns} where order_id is null`,
  );
  await query(
    `delete from ${returns} r where order_id is null
       or exists (select 1 from refunds f where f.merchant_id = $1 and f.external_id = r.external_id)`,
    [t.merchantId],
  );
  await query(
    `update ${returns} r set line_no = i.line_no from (
       select distinct on (order_id, sku) order_id, sku, line_no from order_items
       where merchant_id = $1 and order_id in (select order_id from ${returns})
       order by order_id, sku, line_no) i
     where i.order_id = r.order_id and i.sku = r.sku`,
    [t.merchantId],
  );
  await query(
    `insert into ${t.rejects} (row_no, message)
     select row_no, 'Return of SKU ' || sku || ', which order ' || order_no || ' does not have'
     from ${returns} where line_no is null`,
  );
  // Amounts follow the cumulative rule of the refund API: floor(net × refunded units / units)
  // minus what was refunded before, so returning every unit gives back exactly the net amount.
  const priced = t.tempName("import_return_amounts");
  await query(
    `create temp table ${priced} as
     select r.*, gen_random_uuid() as refund_id, i.quantity as bought,
       i.refunded_quantity + sum(r.quantity) over w as cumulative,
       floor(${lineNet} * (i.refunded_quantity + sum(r.quantity) over w) / i.quantity)::bigint
         - case when count(*) over w = 1 then i.refunded_amount
                else floor(${lineNet} * (i.refunded_quantity + sum(r.quantity) over w - r.quantity) / i.quantity)::bigint
           end as amount
     from ${returns} r
     join order_items i on i.merchant_id = $1 and i.order_id = r.order_id and i.line_no = r.line_no
     join orders o on o.merchant_id = $1 and o.id = r.order_id
     window w as (partition by r.order_id, r.line_no order by r.row_no)`,
    [t.merchantId],
  );
  await query(
    `insert into ${t.rejects} (row_no, message)
     select row_no, case when cumulative > bought
       then 'Returns ' || cumulative || ' of SKU ' || sku || ' but order ' || order_no || ' has ' || bought
       else 'Nothing to refund: the line was free' end
     from ${priced} where cumulative > bought or amount <= 0`,
  );
  await query(`delete from ${priced} where cumulative > bought or amount <= 0`);
  await query(
    `insert into refunds (merchant_id, id, order_id, external_id, amount, reason, lines, refunded_at, source)
     select $1::uuid, refund_id, order_id, external_id, amount, 'returned',
       jsonb_build_array(jsonb_build_object('lineNo', line_no, 'quantity', quantity, 'amount', amount)),
       refunded_at, 'import'
     from ${priced}`,
    [t.merchantId],
  );
  await query(
    `update order_items i set refunded_quantity = i.refunded_quantity + x.quantity,
       refunded_amount = i.refunded_amount + x.amount
     from (select order_id, line_no, sum(quantity)::int as quantity, sum(amount)::bigint as amount
           from ${priced} group by order_id, line_no) x
     where i.merchant_id = $1 and i.order_id = x.order_id and i.line_no = x.line_no`,
    [t.merchantId],
  );
  await query(
    `insert into ${created} (refund_id, order_id, amount, refunded_at)
     select refund_id, order_id, amount, refunded_at from ${priced}`,
  );
  await query(`drop table ${returns}`);
  await query(`drop table ${priced}`);
}

/** An order marked cancelled in the file: everything not yet refunded is refunded in one refund. */
async function refundCancelledOrders(query: Query, t: OrderImportTarget, orders: string, created: string) {
  const lines = t.tempName("import_cancel_lines");
  await query(
    `create temp table ${lines} as
     select n.id as order_id, n.existing_id is null as is_new, n.order_no, n.placed_at, i.line_no,
       i.quantity - i.refunded_quantity as quantity, (${lineNet} - i.refunded_amount)::bigint as amount
     from ${orders} n
     join orders o on o.merchant_id = $1 and o.id = n.id
     join order_items i on i.merchant_id = $1 and i.order_id = n.id
     where n.cancelled and (n.existing_id is null or o.status not in ('refunded', 'cancelled'))
       and i.quantity > i.refunded_quantity
       and not exists (select 1 from refunds f where f.merchant_id = $1
                       and f.external_id = 'import:' || n.order_no || ':cancel')`,
    [t.merchantId],
  );
  await query(
    `with ins as (
       insert into refunds (merchant_id, id, order_id, external_id, amount, reason, lines, refunded_at, source)
       select $1::uuid, gen_random_uuid(), order_id, 'import:' || order_no || ':cancel', sum(amount), 'cancelled',
         jsonb_agg(jsonb_build_object('lineNo', line_no, 'quantity', quantity, 'amount', amount) order by line_no),
         case when bool_or(is_new) then min(placed_at) else now() end, 'import'
       from ${lines} group by order_id, order_no having sum(amount) > 0
       returning id, order_id, amount, refunded_at)
     insert into ${created} (refund_id, order_id, amount, refunded_at, cancels_new)
     select ins.id, ins.order_id, ins.amount, ins.refunded_at, l.is_new
     from ins join (select distinct order_id, is_new from ${lines}) l using (order_id)`,
    [t.merchantId],
  );
  await query(
    `update order_items i set refunded_quantity = i.quantity, refunded_amount = i.refunded_amount + l.amount
     from ${lines} l where i.merchant_id = $1 and i.order_id = l.order_id and i.line_no = l.line_no`,
    [t.merchantId],
  );
  await query(`drop table ${lines}`);
}
