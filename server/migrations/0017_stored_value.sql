-- Stored value (储值): top-ups recorded by staff, the POS or an integration, with bonus tiers
-- (充500送50). The money itself lives on the ledger (migration 0013) as the stored_value wallet:
-- each top-up is a principal lot and, when a tier applies, a bonus lot kept apart from it.

create table topup_bonus_rules (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- A top-up of at least this many 分 gets bonus_amount 分; the highest tier reached applies.
  min_amount bigint not null check (min_amount > 0),
  bonus_amount bigint not null check (bonus_amount >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, min_amount)
);

create table stored_value_topups (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  amount bigint not null check (amount > 0),
  bonus bigint not null default 0 check (bonus >= 0),
  payment_method text not null check (payment_method in ('cash', 'wechat', 'alipay', 'card', 'other')),
  store_id uuid,
  reference text,
  note text,
  idempotency_key text not null,
  request_hash text not null,
  status text not null default 'completed' check (status in ('completed', 'refunded')),
  principal_entry_id uuid not null,
  bonus_entry_id uuid,
  refunded_principal bigint,
  withdrawn_bonus bigint,
  refunded_at timestamptz,
  actor_type text not null,
  actor_id text,
  actor_name text,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, idempotency_key)
);
create index stored_value_topups_customer on stored_value_topups (merchant_id, customer_id, created_at desc, id);

do $$
declare
  t text;
begin
  foreach t in array array['topup_bonus_rules', 'stored_value_topups'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on topup_bonus_rules, stored_value_topups to quanzi_app;
  end if;
end
$$;
