-- Purchase counts in a window ("bought 水果 at least 2 times in the last 180 days") answered from
-- customer_category_metrics instead of from every order and line in the window; see
-- docs/architecture.md, "Condition language".

-- The times of the customer's newest orders in the category (not cancelled), newest first, at most
-- 10 (server/src/modules/insight/conditions/recent-order-times.ts). Null until the insight refresh
-- writes the row; the condition compiler then counts that customer's orders.
alter table customer_category_metrics add column recent_order_at timestamptz[];

-- One category's rows with everything the count reads, scanned index-only (a fraction of the
-- table's pages). It starts with (merchant_id, category), so the narrower index goes.
create index customer_category_metrics_counts on customer_category_metrics (merchant_id, category, customer_id)
  include (order_count, first_order_at, last_order_at, recent_order_at);
drop index customer_category_metrics_category;

-- The rows the refresh has not filled yet: empty once it has, so checking for them costs nothing.
create index customer_category_metrics_unfilled on customer_category_metrics (merchant_id, category, customer_id)
  where recent_order_at is null;

-- The row-level security policies call these two; while they were PARALLEL UNSAFE (the default
-- for a function) no statement on a tenant table could run in parallel. They read settings,
-- which parallel workers receive from the leader, and write nothing.
alter function quanzi_current_merchant() parallel safe;
alter function quanzi_is_system() parallel safe;
