-- Daily check-in (签到有奖) and the new-member gift (新人礼).
-- A check-in is one row per member and local day: the primary key is what makes "exactly one per
-- day" true under double taps and parallel requests. Points go through the ledger (earnPoints /
-- spendPoints); the rows here keep the ledger entry they caused.

create table checkin_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  enabled boolean not null default false,
  -- The reward schedule repeats over this many streak days.
  cycle_days int not null default 7 check (cycle_days between 1 and 31),
  -- [{ "day": 1..cycle_days, "points": n, "coupon": { "templateId": …, "quantity": n } | null }];
  -- a streak day missing from the list earns nothing.
  rewards jsonb not null default '[]',
  -- After the last day of the cycle: start again at day 1, or keep earning the last day's reward.
  after_cycle text not null default 'restart' check (after_cycle in ('restart', 'keep_last')),
  makeup_enabled boolean not null default false,
  makeup_cost_points int not null default 0 check (makeup_cost_points >= 0),
  -- How many days back a make-up (补签) may reach (1 = only yesterday).
  makeup_window_days int not null default 7 check (makeup_window_days between 1 and 60),
  -- Make-ups per calendar month of the missed day.
  makeup_monthly_limit int not null default 2 check (makeup_monthly_limit between 0 and 31),
  updated_at timestamptz not null default now(),
  primary key (merchant_id)
);

create table checkins (
  merchant_id uuid not null,
  customer_id uuid not null,
  -- The day in the merchant's time zone.
  local_date date not null,
  -- Consecutive local days checked in, ending with this one; a make-up rewrites the days after it.
  streak_day int not null check (streak_day >= 1),
  -- What this check-in earned (never rewritten); 0 for a make-up.
  points int not null default 0 check (points >= 0),
  coupon jsonb,
  made_up boolean not null default false,
  makeup_cost_points int not null default 0 check (makeup_cost_points >= 0),
  ledger_entry_id uuid,
  makeup_entry_id uuid,
  created_at timestamptz not null default now(),
  primary key (merchant_id, customer_id, local_date)
);

create table welcome_gift_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  enabled boolean not null default false,
  -- Which ways of joining earn the gift: first_login (member page), first_order, channel.
  triggers text[] not null default '{first_login}'
    check (triggers <@ array['first_login', 'first_order', 'channel']::text[]),
  -- Channels (`?channel=` on the member page link, or an API call) that earn it; empty = any.
  channels text[] not null default '{}',
  points int not null default 0 check (points >= 0),
  -- Items staff hand over: [{ "name": …, "quantity": n }].
  items jsonb not null default '[]',
  -- The first-order discount coupon (issue 5 issues it): { "templateId": …, "quantity": n } | null.
  coupon jsonb,
  updated_at timestamptz not null default now(),
  primary key (merchant_id)
);

create table welcome_gifts (
  merchant_id uuid not null,
  -- One row per member: the primary key is the once-per-member guarantee.
  customer_id uuid not null,
  trigger text not null check (trigger in ('first_login', 'first_order', 'channel')),
  channel text,
  points int not null default 0 check (points >= 0),
  items jsonb not null default '[]',
  coupon jsonb,
  ledger_entry_id uuid,
  granted_at timestamptz not null default now(),
  primary key (merchant_id, customer_id)
);
create index welcome_gifts_granted on welcome_gifts (merchant_id, granted_at desc, customer_id);

do $$
declare
  t text;
begin
  foreach t in array array['checkin_settings', 'checkins', 'welcome_gift_settings', 'welcome_gifts'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on checkin_settings, checkins, welcome_gift_settings,
      welcome_gifts to quanzi_app;
  end if;
end
$$;
