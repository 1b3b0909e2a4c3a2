-- The times of each customer's most recent orders per category (newest first, at most 10; see
-- server/src/modules/insight/conditions/recent-order-times.ts), so "bought 水果 at least 2 times in
-- the last 180 days" is answered from this row instead of from every order and line in the window.
-- Null until the insight refresh writes the row; the condition compiler then counts orders.
alter table customer_category_metrics add column recent_order_at timestamptz[];
