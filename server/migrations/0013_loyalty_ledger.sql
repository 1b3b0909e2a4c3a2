-- The loyalty ledger: points (积分) and stored value (储值) as two wallets on one mechanism.
-- Every earn or top-up creates a lot; every spend, expiry, claw-back, adjustment and reversal is an
-- entry linked to the lots it draws from or restores. The wallet account row is the per-customer
-- lock that serialises mutations and caches the balance; `quanzi ledger check` proves that it,
-- the entries and the lots agree for every customer.

create table loyalty_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  -- Points from purchases stay pending (not spendable) for this many days, the refund window.
  points_pending_days int not null default 7 check (points_pending_days between 0 and 365),
  points_expiry text not null default 'none' check (points_expiry in ('none', 'months', 'year_end')),
  points_expiry_months int check (points_expiry_months between 1 and 120),
  -- A claw-back larger than what remains makes the balance negative only when this is on;
  -- otherwise it takes what remains and records the shortfall.
  allow_negative_points boolean not null default false,
  profile_completion_points int not null default 0 check (profile_completion_points >= 0),
  -- Stored value: bonus (赠送) spent after the principal, or both pro rata.
  stored_value_bonus_order text not null default 'principal_first'
    check (stored_value_bonus_order in ('principal_first', 'pro_rata')),
  updated_at timestamptz not null default now(),
  primary key (merchant_id),
  check ((points_expiry = 'months') = (points_expiry_months is not null))
);

-- Points per purchase: `points_per_step` points for every `step_amount` 分 paid on a line. The
-- most specific active rule applies to each line: its category, else its store, else the shop's.
create table points_earn_rules (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  scope text not null check (scope in ('shop', 'category', 'store')),
  category text,
  store_id uuid,
  step_amount bigint not null check (step_amount > 0),
  points_per_step int not null check (points_per_step >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  check ((scope = 'category') = (category is not null)),
  check ((scope = 'store') = (store_id is not null))
);
create unique index points_earn_rules_one_shop on points_earn_rules (merchant_id) where scope = 'shop';
create unique index points_earn_rules_one_category on points_earn_rules (merchant_id, category) where scope = 'category';
create unique index points_earn_rules_one_store on points_earn_rules (merchant_id, store_id) where scope = 'store';

create table wallet_accounts (
  merchant_id uuid not null,
  customer_id uuid not null,
  wallet text not null check (wallet in ('points', 'stored_value')),
  -- The sum of the entries: lots remaining minus debt.
  balance bigint not null default 0,
  -- What claw-backs took beyond the lots (only when negative balances are allowed); the next
  -- earnings repay it first.
  debt bigint not null default 0 check (debt >= 0),
  lifetime_earned bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (merchant_id, customer_id, wallet)
);

create table ledger_entries (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  -- The order entries were written in: a wallet's mutations hold its lock, so within a wallet this
  -- is the order they took effect (created_at is the caller's clock, which parallel calls read
  -- before they queue for the lock).
  seq bigint generated always as identity,
  customer_id uuid not null,
  wallet text not null check (wallet in ('points', 'stored_value')),
  kind text not null check (kind in ('earn', 'spend', 'expire', 'clawback', 'adjust', 'reversal', 'withdraw',
    'transfer')),
  -- Signed change to the balance; equals the sum of its lot links minus debt_change.
  amount bigint not null,
  debt_change bigint not null default 0,
  -- What a claw-back could not take (negative balances off).
  shortfall bigint not null default 0 check (shortfall >= 0),
  balance_after bigint not null,
  idempotency_key text not null,
  request_hash text,
  reason_code text not null,
  note text,
  source text not null,
  source_ref text,
  reverses_entry_id uuid,
  actor_type text not null,
  actor_id text,
  actor_name text,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, wallet, idempotency_key)
);
create index ledger_entries_customer on ledger_entries (merchant_id, customer_id, wallet, seq desc);
create index ledger_entries_source on ledger_entries (merchant_id, wallet, source_ref) where source_ref is not null;
-- Reversals of an entry (a purchase paid from stored value may be refunded in parts).
create index ledger_entries_reversal on ledger_entries (merchant_id, reverses_entry_id)
  where reverses_entry_id is not null;

create table ledger_lots (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  wallet text not null check (wallet in ('points', 'stored_value')),
  kind text not null check (kind in ('earned', 'principal', 'bonus')),
  entry_id uuid not null,
  amount bigint not null check (amount > 0),
  remaining bigint not null check (remaining >= 0 and remaining <= amount),
  source text not null,
  source_ref text,
  pending_until timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index ledger_lots_open on ledger_lots (merchant_id, customer_id, wallet, expires_at, created_at)
  where remaining > 0;
create index ledger_lots_expiring on ledger_lots (merchant_id, expires_at) where remaining > 0 and expires_at is not null;
create index ledger_lots_source on ledger_lots (merchant_id, wallet, source_ref) where source_ref is not null;

-- How much each entry took from (negative) or put into (positive) each lot.
create table ledger_entry_lots (
  merchant_id uuid not null,
  entry_id uuid not null,
  lot_id uuid not null,
  amount bigint not null check (amount <> 0),
  primary key (merchant_id, entry_id, lot_id)
);
create index ledger_entry_lots_lot on ledger_entry_lots (merchant_id, lot_id);

do $$
declare
  t text;
begin
  foreach t in array array['loyalty_settings', 'points_earn_rules', 'wallet_accounts', 'ledger_entries',
    'ledger_lots', 'ledger_entry_lots'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on loyalty_settings, points_earn_rules, wallet_accounts,
      ledger_entries, ledger_lots, ledger_entry_lots to quanzi_app;
  end if;
end
$$;

-- Due lots expire every hour (expiry times are already local midnights in each shop's zone).
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('ledger.expire', '5 * * * *', 'ledger.expire', 'UTC', '{}', date_trunc('hour', now()) + interval '1 hour 5 minutes')
on conflict (name) do nothing;
