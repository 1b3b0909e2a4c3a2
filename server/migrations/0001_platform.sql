-- Platform foundation: tenancy, staff and auth, customers and orders, events, audit, jobs, imports.
-- Every tenant table has merchant_id first in its primary key and a row-level security policy
-- (see docs/architecture.md, "Tenant walls").

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    create role quanzi_app nologin;
  end if;
exception when insufficient_privilege then
  raise notice 'cannot create role quanzi_app; relying on FORCE ROW LEVEL SECURITY for the connecting role';
end
$$;

create or replace function quanzi_current_merchant() returns uuid
  language sql stable
  as $$ select nullif(current_setting('quanzi.merchant_id', true), '')::uuid $$;

create or replace function quanzi_is_system() returns boolean
  language sql stable
  as $$ select coalesce(current_setting('quanzi.system', true), '') = 'on' $$;

-- Global tables (not tenant data): merchants themselves, staff user accounts, sessions, jobs.

create table merchants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  name text not null,
  time_zone text not null default 'Asia/Shanghai',
  currency text not null default 'CNY',
  locale text not null default 'zh-CN',
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  phone text unique,
  name text not null,
  password_hash text not null,
  locale text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (email is not null or phone is not null)
);

create table staff_sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  merchant_id uuid references merchants(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index staff_sessions_user on staff_sessions (user_id);

create table jobs (
  id bigint generated always as identity primary key,
  merchant_id uuid references merchants(id) on delete cascade,
  name text not null,
  payload jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  priority int not null default 0,
  attempts int not null default 0,
  max_attempts int not null default 5,
  run_at timestamptz not null default now(),
  locked_by text,
  locked_until timestamptz,
  progress jsonb,
  result jsonb,
  last_error text,
  dedupe_key text unique,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index jobs_ready on jobs (priority desc, run_at) where status = 'queued';
create index jobs_merchant on jobs (merchant_id, created_at desc);

create table job_schedules (
  name text primary key,
  cron text not null,
  payload jsonb not null default '{}',
  last_run_at timestamptz,
  next_run_at timestamptz not null,
  updated_at timestamptz not null default now()
);

-- Tenant tables.

create table stores (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  code text not null,
  name text not null,
  city text,
  address text,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, code)
);

create table staff (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('owner', 'manager', 'operator', 'clerk')),
  status text not null default 'active' check (status in ('active', 'disabled')),
  store_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, user_id)
);
create index staff_user on staff (user_id);

create table staff_invitations (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null,
  name text,
  role text not null check (role in ('owner', 'manager', 'operator', 'clerk')),
  token_hash text not null unique,
  invited_by uuid,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id)
);

create table api_keys (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (merchant_id, id)
);

create table customers (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text,
  phone text,
  external_id text,
  email text,
  gender text check (gender in ('male', 'female', 'other', 'unknown')),
  birthday date,
  province text,
  city text,
  district text,
  occupation text,
  source_channel text,
  note text,
  attributes jsonb not null default '{}',
  joined_at timestamptz,
  merged_into_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index customers_created on customers (merchant_id, created_at desc, id);
create index customers_name on customers (merchant_id, name);

-- Identities are unique per merchant: a phone, external id or WeChat id points at one customer.
create table customer_identities (
  merchant_id uuid not null references merchants(id) on delete cascade,
  kind text not null check (kind in ('phone', 'external_id', 'wechat_openid', 'wechat_unionid', 'email')),
  value text not null,
  customer_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (merchant_id, kind, value),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade
);
create index customer_identities_customer on customer_identities (merchant_id, customer_id);

create table products (
  merchant_id uuid not null references merchants(id) on delete cascade,
  sku text not null,
  name text not null,
  category text,
  last_unit_price bigint,
  first_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, sku)
);

create table orders (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  external_id text not null,
  customer_id uuid,
  store_id uuid,
  placed_at timestamptz not null,
  status text not null default 'completed' check (status in ('completed', 'partially_refunded', 'refunded', 'cancelled')),
  currency text not null default 'CNY',
  subtotal bigint not null,
  discount bigint not null default 0,
  total bigint not null,
  refunded_amount bigint not null default 0,
  item_count int not null default 0,
  source text not null default 'api',
  note text,
  request_hash text,
  import_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, external_id)
);
create index orders_customer on orders (merchant_id, customer_id, placed_at desc);
create index orders_placed on orders (merchant_id, placed_at desc);

create table order_items (
  merchant_id uuid not null,
  order_id uuid not null,
  line_no int not null,
  sku text not null,
  name text not null,
  category text,
  quantity int not null check (quantity > 0),
  unit_price bigint not null check (unit_price >= 0),
  discount bigint not null default 0,
  total bigint not null,
  refunded_quantity int not null default 0,
  refunded_amount bigint not null default 0,
  primary key (merchant_id, order_id, line_no),
  foreign key (merchant_id, order_id) references orders (merchant_id, id) on delete cascade
);
create index order_items_sku on order_items (merchant_id, sku);

create table refunds (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  external_id text,
  amount bigint not null check (amount > 0),
  reason text,
  lines jsonb not null default '[]',
  refunded_at timestamptz not null default now(),
  source text not null default 'api',
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, order_id) references orders (merchant_id, id) on delete cascade
);
create unique index refunds_external on refunds (merchant_id, external_id) where external_id is not null;
create index refunds_order on refunds (merchant_id, order_id);

-- Append-only behaviour log that every capability writes and analytics/automation read.
create table events (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id bigint generated always as identity,
  customer_id uuid,
  type text not null,
  properties jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  source text not null,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index events_customer on events (merchant_id, customer_id, occurred_at desc);
create index events_type on events (merchant_id, type, occurred_at desc);

create table audit_log (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id bigint generated always as identity,
  actor_type text not null check (actor_type in ('staff', 'api_key', 'member', 'system', 'cli')),
  actor_id text,
  actor_name text,
  action text not null,
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  ip text,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index audit_log_created on audit_log (merchant_id, created_at desc);

create table member_otp_codes (
  merchant_id uuid not null references merchants(id) on delete cascade,
  phone text not null,
  code_hash text not null,
  attempts int not null default 0,
  sent_count int not null default 1,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (merchant_id, phone)
);

create table member_sessions (
  merchant_id uuid not null references merchants(id) on delete cascade,
  token_hash text not null,
  customer_id uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (merchant_id, token_hash)
);

create table import_mappings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  kind text not null check (kind in ('orders', 'customers')),
  mapping jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (merchant_id, kind)
);

create table imports (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('orders', 'customers')),
  file_name text not null,
  file_path text,
  file_sha256 text,
  mapping jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  job_id bigint,
  total_rows int,
  processed_rows int not null default 0,
  created_count int not null default 0,
  skipped_count int not null default 0,
  error_count int not null default 0,
  summary jsonb not null default '{}',
  created_by text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (merchant_id, id)
);

create table import_errors (
  merchant_id uuid not null,
  import_id uuid not null,
  row_no int not null,
  message text not null,
  raw jsonb,
  primary key (merchant_id, import_id, row_no),
  foreign key (merchant_id, import_id) references imports (merchant_id, id) on delete cascade
);

-- Row-level security on every tenant table: the merchant comes from the transaction
-- (set_config('quanzi.merchant_id', …, true)); system work sets quanzi.system.
do $$
declare
  t text;
begin
  foreach t in array array[
    'stores', 'staff', 'staff_invitations', 'api_keys', 'customers', 'customer_identities', 'products',
    'orders', 'order_items', 'refunds', 'events', 'audit_log', 'member_otp_codes', 'member_sessions',
    'import_mappings', 'imports', 'import_errors'
  ] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (merchant_id = quanzi_current_merchant() or quanzi_is_system()) '
      'with check (merchant_id = quanzi_current_merchant() or quanzi_is_system())', t);
  end loop;
end
$$;

do $$
begin
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant usage on schema public to quanzi_app;
    grant select, insert, update, delete on all tables in schema public to quanzi_app;
    grant usage, select on all sequences in schema public to quanzi_app;
    grant execute on all functions in schema public to quanzi_app;
    alter default privileges in schema public grant select, insert, update, delete on tables to quanzi_app;
    alter default privileges in schema public grant usage, select on sequences to quanzi_app;
    alter default privileges in schema public grant execute on functions to quanzi_app;
  end if;
end
$$;
