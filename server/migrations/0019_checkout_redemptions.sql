-- Checkout (issue 5): redemptions of coupons at the POS, with each coupon's discount split over
-- the cart's lines (what a partial refund's money computation uses), reservations that hold
-- coupons for a cart for a few minutes, and the order that used a redemption. Coupons are locked
-- (FOR UPDATE) while they are consumed; templates with a budget are locked before them, in the
-- same order issuing takes (template, then coupon), so the two never deadlock.

create table coupon_redemptions (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  idempotency_key text not null,
  request_hash text not null,
  customer_id uuid,
  store_id uuid,
  order_ref text,
  reservation_id uuid,
  status text not null default 'redeemed' check (status in ('redeemed', 'rolled_back')),
  -- The priced cart, 分: before coupons, the discount, after; gifts at their value.
  subtotal bigint not null check (subtotal >= 0),
  discount bigint not null check (discount >= 0 and discount <= subtotal),
  total bigint not null check (total = subtotal - discount),
  gift_value bigint not null default 0 check (gift_value >= 0),
  lines jsonb not null,
  gifts jsonb not null default '[]',
  redeemed_at timestamptz not null,
  rollback_key text,
  rollback_hash text,
  rolled_back_at timestamptz,
  rollback_source text,
  primary key (merchant_id, id),
  unique (merchant_id, idempotency_key),
  check ((status = 'rolled_back') = (rolled_back_at is not null))
);
create index coupon_redemptions_recent on coupon_redemptions (merchant_id, redeemed_at desc, id);

-- One row per coupon applied: its discount (and gift value), for reports and rollback.
create table coupon_redemption_coupons (
  merchant_id uuid not null,
  redemption_id uuid not null,
  coupon_id uuid not null,
  template_id uuid not null,
  code text not null,
  kind text not null,
  discount bigint not null check (discount >= 0),
  gift_value bigint not null default 0 check (gift_value >= 0),
  -- What redeem added to the template's spent (0 when it had no budget): rollback takes back this.
  budget_charged bigint not null default 0 check (budget_charged >= 0),
  primary key (merchant_id, redemption_id, coupon_id),
  foreign key (merchant_id, redemption_id) references coupon_redemptions (merchant_id, id) on delete cascade
);
create index coupon_redemption_coupons_template on coupon_redemption_coupons (merchant_id, template_id);

-- Each coupon's share of each line (largest remainder; they sum exactly to the coupon's discount).
create table coupon_redemption_shares (
  merchant_id uuid not null,
  redemption_id uuid not null,
  coupon_id uuid not null,
  line_id text not null,
  amount bigint not null check (amount > 0),
  primary key (merchant_id, redemption_id, coupon_id, line_id),
  foreign key (merchant_id, redemption_id) references coupon_redemptions (merchant_id, id) on delete cascade
);

create table coupon_reservations (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  idempotency_key text not null,
  request_hash text not null,
  customer_id uuid,
  store_id uuid,
  coupon_ids uuid[] not null,
  status text not null default 'held' check (status in ('held', 'redeemed', 'released', 'expired')),
  expires_at timestamptz not null,
  created_at timestamptz not null,
  redemption_id uuid,
  primary key (merchant_id, id),
  unique (merchant_id, idempotency_key)
);
-- The release job's scan: holds past their time.
create index coupon_reservations_held on coupon_reservations (expires_at) where status = 'held';
create index coupons_reserved on coupons (reserved_until) where status = 'reserved';

-- An order created through the orders API may carry the redemption its discount came from; a
-- full refund (or cancellation) of the order rolls the redemption back.
alter table orders add column redemption_id uuid;

do $$
declare
  t text;
begin
  foreach t in array array['coupon_redemptions', 'coupon_redemption_coupons', 'coupon_redemption_shares', 'coupon_reservations'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete
      on coupon_redemptions, coupon_redemption_coupons, coupon_redemption_shares, coupon_reservations to quanzi_app;
  end if;
end
$$;

-- Expired holds go back to available every minute (a hold past its time is already usable by
-- others before the job runs: checkout reads reserved_until).
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('checkout.release_reservations', '* * * * *', 'checkout.release_reservations', 'UTC', '{}', date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
