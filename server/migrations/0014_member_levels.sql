-- Member levels (会员等级): an ordered ladder of levels per merchant with growth thresholds and
-- benefits. A customer's growth value (spend, points earned, or a weighted mix, over the lifetime
-- or a rolling 12 months) places them on the ladder: upgrades happen at once, downgrades only on
-- the merchant's schedule and never inside the protection period after an upgrade. Every change is
-- logged with why and emitted as a `level.changed` event.

create table level_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  growth_basis text not null default 'spend' check (growth_basis in ('spend', 'points_earned', 'weighted')),
  -- Weighted basis only: growth = ¥ net spend × spend_weight_percent% + points earned × points_weight_percent%.
  spend_weight_percent int not null default 100 check (spend_weight_percent between 0 and 100000),
  points_weight_percent int not null default 100 check (points_weight_percent between 0 and 100000),
  growth_window text not null default 'lifetime' check (growth_window in ('lifetime', 'rolling_12_months')),
  downgrade_schedule text not null default 'quarterly'
    check (downgrade_schedule in ('monthly', 'quarterly', 'never')),
  -- No scheduled downgrade for this many days after an upgrade.
  protection_days int not null default 90 check (protection_days between 0 and 3650),
  updated_at timestamptz not null default now(),
  primary key (merchant_id)
);

create table member_levels (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- 1 is the entry level (threshold 0); thresholds rise strictly with position (the service checks).
  position int not null check (position >= 1),
  name text not null,
  name_en text not null,
  threshold bigint not null check (threshold >= 0),
  -- Purchase points × this / 100 (100 = 1×).
  points_multiplier_percent int not null default 100 check (points_multiplier_percent between 100 and 1000),
  -- Percent off (5 = 95折).
  discount_percent int not null default 0 check (discount_percent between 0 and 90),
  birthday_gift_points int not null default 0 check (birthday_gift_points >= 0),
  free_gifts jsonb not null default '[]',
  -- Given once per customer and level on reaching it (idempotency key level-reward:<customer>:<level>).
  reward_points int not null default 0 check (reward_points >= 0),
  -- What the promotions issue will issue on reaching the level ({ templateId, quantity }); stored only.
  reward_coupon jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, position) deferrable initially deferred,
  unique (merchant_id, name) deferrable initially deferred
);

-- One row per placed customer; no foreign key to customers (rows that stay, as in 0010/0012).
create table customer_levels (
  merchant_id uuid not null,
  customer_id uuid not null,
  level_id uuid not null,
  since timestamptz not null,
  protected_until timestamptz,
  -- The growth value at the last evaluation, and when that was.
  growth bigint not null default 0,
  growth_at timestamptz not null,
  primary key (merchant_id, customer_id),
  foreign key (merchant_id, level_id) references member_levels (merchant_id, id)
);
create index customer_levels_level on customer_levels (merchant_id, level_id);

-- Names are copied so the history stays readable after a level is renamed or removed.
-- reason: upgrade (at once, on growth), downgrade (the schedule), settings (the ladder changed),
-- manual (staff). trigger says what asked for the evaluation (order, refund, points, schedule …).
create table level_changes (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id bigint generated always as identity,
  customer_id uuid not null,
  from_level_id uuid,
  from_name text,
  to_level_id uuid not null,
  to_name text not null,
  reason text not null check (reason in ('upgrade', 'downgrade', 'settings', 'manual')),
  trigger text,
  growth bigint not null,
  actor_type text not null,
  actor_id text,
  actor_name text,
  changed_at timestamptz not null,
  primary key (merchant_id, id)
);
create index level_changes_customer on level_changes (merchant_id, customer_id, changed_at desc, id desc);

do $$
declare
  t text;
begin
  foreach t in array array['level_settings', 'member_levels', 'customer_levels', 'level_changes'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on level_settings, member_levels, customer_levels, level_changes
      to quanzi_app;
  end if;
end
$$;

-- Hourly dispatcher: queues levels.downgrade for each shop whose local clock shows 03:xx on the
-- first day of its downgrade period (month or quarter).
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('levels.schedule', '40 * * * *', 'levels.schedule', 'UTC', '{}',
        date_trunc('hour', now()) + interval '1 hour 40 minutes')
on conflict (name) do nothing;
