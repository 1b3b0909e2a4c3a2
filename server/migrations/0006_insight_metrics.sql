-- Customer insight: per-customer purchase metrics (kept current in the order/refund/merge transaction
-- and rebuilt by the full recompute with the same statement), per-category metrics, RFM scores and
-- the merchant's RFM settings. A customer without non-cancelled orders has no metrics rows: read a
-- missing row as zero orders.

create table customer_metrics (
  merchant_id uuid not null references merchants(id) on delete cascade,
  customer_id uuid not null,
  first_order_at timestamptz,
  last_order_at timestamptz,
  order_count int not null default 0,
  total_spent bigint not null default 0,
  refunded_amount bigint not null default 0,
  net_spent bigint not null default 0,
  average_order_value bigint not null default 0,
  stores_visited int not null default 0,
  favourite_category text,
  updated_at timestamptz not null default now(),
  primary key (merchant_id, customer_id),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade
);

create table customer_category_metrics (
  merchant_id uuid not null references merchants(id) on delete cascade,
  customer_id uuid not null,
  category text not null,
  order_count int not null default 0,
  spent bigint not null default 0,
  first_order_at timestamptz not null,
  last_order_at timestamptz not null,
  primary key (merchant_id, customer_id, category),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade
);
create index customer_category_metrics_category on customer_category_metrics (merchant_id, category);

create table customer_rfm (
  merchant_id uuid not null references merchants(id) on delete cascade,
  customer_id uuid not null,
  as_of date not null,
  window_days int,
  recency_days int not null,
  frequency int not null,
  monetary bigint not null,
  r_score smallint not null check (r_score between 1 and 5),
  f_score smallint not null check (f_score between 1 and 5),
  m_score smallint not null check (m_score between 1 and 5),
  rfm_class text not null check (rfm_class in (
    'important_value', 'important_develop', 'important_keep', 'important_retain',
    'general_value', 'general_develop', 'general_keep', 'general_retain')),
  computed_at timestamptz not null default now(),
  primary key (merchant_id, customer_id),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade
);
create index customer_rfm_class on customer_rfm (merchant_id, rfm_class);

-- One row per merchant that changed the defaults; no row means the defaults (365 days, today,
-- quintiles). window_days null = all time.
create table insight_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  rfm_window_days int default 365 check (rfm_window_days is null or rfm_window_days > 0),
  rfm_reference_mode text not null default 'today'
    check (rfm_reference_mode in ('today', 'fixed', 'after_last_order')),
  rfm_reference_date date,
  rfm_scoring_mode text not null default 'quintile' check (rfm_scoring_mode in ('quintile', 'cutoffs')),
  rfm_cutoffs jsonb,
  updated_at timestamptz not null default now(),
  primary key (merchant_id),
  check (rfm_reference_mode <> 'fixed' or rfm_reference_date is not null),
  check (rfm_scoring_mode <> 'cutoffs' or rfm_cutoffs is not null)
);

do $$
declare
  t text;
begin
  foreach t in array array['customer_metrics', 'customer_category_metrics', 'customer_rfm', 'insight_settings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (merchant_id = quanzi_current_merchant() or quanzi_is_system()) '
      'with check (merchant_id = quanzi_current_merchant() or quanzi_is_system())', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on customer_metrics, customer_category_metrics, customer_rfm,
      insight_settings to quanzi_app;
  end if;
end
$$;

-- Every hour the dispatcher enqueues insight.recompute for the merchants whose local time is then
-- between 03:00 and 04:00, so each shop is recomputed nightly in its own time zone.
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('insight.nightly', '5 * * * *', 'insight.nightly', 'UTC', '{}',
        date_trunc('hour', now()) + interval '1 hour 5 minutes')
on conflict (name) do nothing;
