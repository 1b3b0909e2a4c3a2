-- The points mall (积分商城): items members exchange points for, and the exchanges, each with a
-- random pickup code that staff verify at a store (核销). Points move only through the ledger
-- (a spend keyed mall:<exchangeId>, its reversal keyed mall-cancel:<exchangeId>); the item row is
-- the lock that keeps stock and per-member limits from being oversold.

create table mall_items (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- coupon: issued by the promotions issue later; coupon_spec keeps what it will need.
  kind text not null check (kind in ('physical', 'service', 'coupon')),
  name text not null check (length(name) between 1 and 100),
  description text,
  image_url text,
  points_price int not null check (points_price > 0),
  -- Points + cash: the cash part (分) is owed at pickup and collected by the clerk; there is no
  -- payment provider yet, so the exchange only records it.
  cash_price bigint not null default 0 check (cash_price >= 0),
  coupon_spec jsonb,
  -- null = unlimited
  stock int check (stock >= 0),
  -- Units one member may hold across non-cancelled exchanges; null = no limit.
  per_member_limit int check (per_member_limit > 0),
  valid_from timestamptz,
  valid_until timestamptz,
  -- An exchange can be picked up on its day and the next pickup_days - 1 days (shop's calendar).
  pickup_days int not null default 30 check (pickup_days between 1 and 365),
  active boolean not null default true,
  sort_order int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  check (valid_from is null or valid_until is null or valid_until > valid_from)
);
create index mall_items_listing on mall_items (merchant_id, sort_order, created_at);

create table mall_exchanges (
  merchant_id uuid not null,
  id uuid not null,
  -- Customer-facing pickup code: random digits, unique per shop, never sequential.
  code text not null,
  customer_id uuid not null,
  item_id uuid not null,
  -- What was exchanged, as it was then (the item may be renamed or repriced later).
  item_name text not null,
  item_kind text not null,
  quantity int not null check (quantity between 1 and 99),
  points bigint not null check (points > 0),
  cash_due bigint not null default 0 check (cash_due >= 0),
  status text not null default 'awaiting_pickup'
    check (status in ('awaiting_pickup', 'verified', 'cancelled', 'expired')),
  -- The client's Idempotency-Key (per customer): the same key again returns this exchange.
  idempotency_key text not null,
  request_hash text not null,
  spend_entry_id uuid not null,
  return_entry_id uuid,
  source text not null,
  actor_type text not null,
  actor_id text,
  actor_name text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  verified_at timestamptz,
  verified_by_id text,
  verified_by_name text,
  verified_store_id uuid,
  cancelled_at timestamptz,
  cancelled_by_type text,
  cancelled_by_id text,
  cancelled_by_name text,
  cancel_reason text,
  primary key (merchant_id, id),
  unique (merchant_id, code),
  unique (merchant_id, customer_id, idempotency_key),
  foreign key (merchant_id, item_id) references mall_items (merchant_id, id),
  check ((status = 'verified') = (verified_at is not null)),
  check ((status in ('cancelled', 'expired')) = (cancelled_at is not null and return_entry_id is not null))
);
create index mall_exchanges_recent on mall_exchanges (merchant_id, created_at desc, id);
create index mall_exchanges_customer on mall_exchanges (merchant_id, customer_id, created_at desc);
create index mall_exchanges_held on mall_exchanges (merchant_id, item_id, customer_id)
  where status in ('awaiting_pickup', 'verified');
create index mall_exchanges_due on mall_exchanges (expires_at) where status = 'awaiting_pickup';

do $$
declare
  t text;
begin
  foreach t in array array['mall_items', 'mall_exchanges'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on mall_items, mall_exchanges to quanzi_app;
  end if;
end
$$;

-- Unclaimed exchanges past their pickup day are cancelled with their points returned, hourly
-- (expires_at is already a local midnight in the shop's zone).
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('mall.expire', '20 * * * *', 'mall.expire', 'UTC', '{}', date_trunc('hour', now()) + interval '1 hour 20 minutes')
on conflict (name) do nothing;
