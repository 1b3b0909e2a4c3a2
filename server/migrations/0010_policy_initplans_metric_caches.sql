-- Row-level security, evaluated once per statement instead of once per row. The policies called
-- quanzi_current_merchant() and quanzi_is_system() on every row they filtered: two setting
-- look-ups and a text-to-uuid cast per row, a measurable share of any statement that reads
-- millions of order lines. Wrapped in scalar subqueries, each becomes an InitPlan the executor
-- runs once and compares against as a parameter. What the policies allow is unchanged.
do $$
declare
  t text;
begin
  for t in select tablename from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation' loop
    execute format('drop policy tenant_isolation on %I', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
end
$$;

-- The metric caches are derived from orders and rewritten only by the insight refresh, which
-- selects from the orders of existing customers; customers are never deleted once committed (a
-- merge keeps the row), and no merchant is ever deleted. Their foreign keys checked and locked
-- the customer and merchant row for every cache row written: 40 s of a 120 s full recompute at
-- 300,000 customers (2.4 million rows). See docs/architecture.md, "Where metrics are kept".
alter table customer_metrics drop constraint customer_metrics_merchant_id_fkey;
alter table customer_metrics drop constraint customer_metrics_merchant_id_customer_id_fkey;
alter table customer_category_metrics drop constraint customer_category_metrics_merchant_id_fkey;
alter table customer_category_metrics drop constraint customer_category_metrics_merchant_id_customer_id_fkey;
alter table customer_rfm drop constraint customer_rfm_merchant_id_fkey;
alter table customer_rfm drop constraint customer_rfm_merchant_id_customer_id_fkey;
