-- The orders module's read model for other modules: one row per customer with their order totals.
-- security_invoker keeps row-level security in force for whoever reads through the view.
create view customer_order_summaries with (security_invoker = true) as
select merchant_id,
       customer_id,
       count(*)::int as order_count,
       coalesce(sum(total), 0)::bigint as total_spent,
       coalesce(sum(refunded_amount), 0)::bigint as refunded_amount,
       min(placed_at) as first_order_at,
       max(placed_at) as last_order_at
  from orders
 where customer_id is not null and status <> 'cancelled'
 group by merchant_id, customer_id;

