-- Flash sales (限时抢购): an item at a special price, a fixed stock, a time window and a per-member
-- limit. A purchase holds its units for a payment window; staff, the POS or an integration confirm
-- it (held → sold) or cancel it, and a job releases holds that ran out (stock back). The sale row
-- carries the counters: a purchase is one conditional update `sold + held + q <= stock` on it, so
-- the exact stock sells under a burst and the check below makes overselling impossible anyway.

create table flash_sales (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  sku text not null check (length(sku) between 1 and 64),
  item_name text not null check (length(item_name) between 1 and 100),
  image_url text,
  original_price bigint not null check (original_price > 0),
  price bigint not null check (price > 0),
  stock int not null check (stock >= 0),
  sold int not null default 0 check (sold >= 0),
  held int not null default 0 check (held >= 0),
  -- Units one member may hold or have bought (held + confirmed); null = no limit.
  per_member_limit int check (per_member_limit > 0),
  -- null = everyone; else as on coupon templates: {"kind": "segment" | "layer", "id"} or {"kind": "levels", "ids"}.
  audience jsonb,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  payment_minutes int not null default 15 check (payment_minutes between 1 and 1440),
  status text not null default 'active' check (status in ('active', 'paused')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  check (ends_at > starts_at),
  check (price <= original_price),
  check (sold + held <= stock)
);
create index flash_sales_listing on flash_sales (merchant_id, starts_at desc, id);

create table flash_sale_purchases (
  merchant_id uuid not null,
  id uuid not null,
  sale_id uuid not null,
  customer_id uuid not null,
  -- Customer-facing payment/pickup code: random digits, unique per shop, never sequential.
  code text not null,
  quantity int not null check (quantity between 1 and 99),
  unit_price bigint not null check (unit_price > 0),
  amount bigint not null check (amount > 0),
  status text not null default 'held' check (status in ('held', 'confirmed', 'released')),
  hold_until timestamptz not null,
  -- The member's Idempotency-Key: the same key again returns this purchase.
  idempotency_key text not null,
  request_hash text not null,
  created_at timestamptz not null default now(),
  -- The Idempotency-Key of the confirm or cancel that settled it, and which it was.
  settle_key text,
  settle_action text check (settle_action in ('confirm', 'cancel')),
  confirmed_at timestamptz,
  released_at timestamptz,
  release_reason text check (release_reason in ('cancelled', 'expired')),
  settled_by_type text,
  settled_by_id text,
  settled_by_name text,
  primary key (merchant_id, id),
  unique (merchant_id, code),
  unique (merchant_id, customer_id, idempotency_key),
  foreign key (merchant_id, sale_id) references flash_sales (merchant_id, id),
  check ((status = 'confirmed') = (confirmed_at is not null)),
  check ((status = 'released') = (released_at is not null and release_reason is not null))
);
create index flash_sale_purchases_sale on flash_sale_purchases (merchant_id, sale_id, created_at desc, id);
create index flash_sale_purchases_customer on flash_sale_purchases (merchant_id, customer_id, created_at desc);
create index flash_sale_purchases_units on flash_sale_purchases (merchant_id, sale_id, customer_id)
  where status in ('held', 'confirmed');
create index flash_sale_purchases_due on flash_sale_purchases (hold_until) where status = 'held';

do $$
declare
  t text;
begin
  foreach t in array array['flash_sales', 'flash_sale_purchases'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on flash_sales, flash_sale_purchases to quanzi_app;
  end if;
end
$$;

-- Holds past their payment window go back to stock every minute.
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('flash_sales.release', '* * * * *', 'flash_sales.release', 'UTC', '{}', date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
