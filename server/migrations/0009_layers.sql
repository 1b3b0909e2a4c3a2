-- Layers (社群分层): an ordered set of layers per merchant, each with an entry rule in the condition
-- language, evaluated from the top (position 1) down; the last layer has no rule and catches everyone
-- else, so every live customer sits in exactly one layer. Every move is logged with why.

create table layers (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  position int not null check (position >= 1),
  name text not null,
  name_en text not null,
  -- null only for the last (catch-all) layer; the service keeps that invariant.
  rule jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, position) deferrable initially deferred,
  unique (merchant_id, name) deferrable initially deferred
);

create table customer_layers (
  merchant_id uuid not null,
  customer_id uuid not null,
  layer_id uuid not null,
  entered_at timestamptz not null,
  primary key (merchant_id, customer_id),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade,
  foreign key (merchant_id, layer_id) references layers (merchant_id, id)
);
create index customer_layers_layer on customer_layers (merchant_id, layer_id);

-- Kept after a layer is removed (names are copied), so the flow report and a customer's story stay
-- readable. A null from is a customer's first placement; a null to a customer who left (merged).
-- reason: rule (the customer's data changed and to's rule matched first), reconcile (the full
-- re-evaluation), merge, settings (their layer was removed).
create table layer_moves (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id bigint generated always as identity,
  customer_id uuid not null,
  from_layer_id uuid,
  from_name text,
  to_layer_id uuid,
  to_name text,
  reason text not null check (reason in ('rule', 'reconcile', 'merge', 'settings')),
  moved_at timestamptz not null,
  primary key (merchant_id, id),
  check (from_layer_id is not null or to_layer_id is not null)
);
create index layer_moves_time on layer_moves (merchant_id, moved_at, customer_id);
create index layer_moves_customer on layer_moves (merchant_id, customer_id, moved_at desc);

do $$
declare
  t text;
begin
  foreach t in array array['layers', 'customer_layers', 'layer_moves'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (merchant_id = quanzi_current_merchant() or quanzi_is_system()) '
      'with check (merchant_id = quanzi_current_merchant() or quanzi_is_system())', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on layers, customer_layers, layer_moves to quanzi_app;
  end if;
end
$$;

-- Nightly re-evaluation in each merchant's time zone (05:xx, after metrics and tags; segments,
-- which may read layers, follow at 06:xx).
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('layers.nightly', '30 * * * *', 'layers.nightly', 'UTC', '{}',
        date_trunc('hour', now()) + interval '1 hour 30 minutes')
on conflict (name) do nothing;
