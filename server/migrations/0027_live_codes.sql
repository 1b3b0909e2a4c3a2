-- Channel live codes (渠道活码 / 员工活码): one stable QR and URL per channel that routes each
-- newcomer to a target (a community or a staff member). Routing is atomic: taking a slot is one
-- conditional update of the target's counter (`assigned < capacity`), and a staff member's daily
-- limit is one conditional upsert of a counter row per target per local day, so parallel scans
-- never push a target past its capacity or limit.

-- Stores locate the nearest store for store codes (the customer shares a location, with consent).
alter table stores add column if not exists latitude double precision check (latitude between -90 and 90);
alter table stores add column if not exists longitude double precision check (longitude between -180 and 180);

create table live_codes (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- Random public code (lib/tokens) in the URL /c/<code>; unique across merchants via live_code_lookup.
  code text not null check (code ~ '^[A-Za-z0-9]{6,16}$'),
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('store', 'flyer', 'partner', 'online', 'holiday', 'other')),
  store_id uuid,
  strategy text not null check (strategy in ('round_robin', 'least_loaded', 'random', 'fill', 'schedule', 'store')),
  -- What the merchant paid for the channel, in 分 (cost per join = cost / joins).
  cost bigint not null default 0 check (cost >= 0),
  tag_ids uuid[] not null default '{}',
  welcome_message text not null default '' check (length(welcome_message) <= 2000),
  welcome_points int check (welcome_points > 0),
  welcome_coupon_template_id uuid,
  -- Percent of a group's capacity at which staff are told to open the next group.
  warn_percent int not null default 90 check (warn_percent between 1 and 100),
  -- Round-robin cursor: each assignment takes the next value.
  rr_cursor bigint not null default 0,
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, code),
  foreign key (merchant_id, store_id) references stores (merchant_id, id)
);
create index live_codes_listing on live_codes (merchant_id, status, created_at desc, id);

-- Global and small: the public code → its merchant, read before any tenant is known (like short
-- links). Keyed by code alone, so it can be a Citus reference table.
create table live_code_lookup (
  code text primary key,
  merchant_id uuid not null references merchants(id) on delete cascade,
  live_code_id uuid not null
);

-- A weekday + local time window with its own target list (strategy `schedule`). end_minute <
-- start_minute spans the local midnight; the weekday is the day the window starts.
create table live_code_windows (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  live_code_id uuid not null,
  weekdays int[] not null check (weekdays <@ array[0, 1, 2, 3, 4, 5, 6] and cardinality(weekdays) > 0),
  start_minute int not null check (start_minute between 0 and 1439),
  end_minute int not null check (end_minute between 1 and 1440),
  pick text not null default 'fill' check (pick in ('round_robin', 'least_loaded', 'random', 'fill')),
  position int not null default 0,
  primary key (merchant_id, id),
  foreign key (merchant_id, live_code_id) references live_codes (merchant_id, id) on delete cascade,
  check (start_minute <> end_minute)
);
create index live_code_windows_code on live_code_windows (merchant_id, live_code_id, position);

create table live_code_targets (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  live_code_id uuid not null,
  kind text not null check (kind in ('community', 'staff')),
  community_id uuid,
  staff_id uuid,
  -- primary targets are routed by the strategy; backups only when every primary is full.
  role text not null default 'primary' check (role in ('primary', 'backup')),
  window_id uuid,
  store_id uuid,
  position int not null default 0,
  -- How many newcomers this code may send here (a group: its capacity, 200/500); null = no cap.
  capacity int check (capacity > 0),
  assigned int not null default 0 check (assigned >= 0),
  -- Per local day (staff): newcomers a day; counted in live_code_target_days.
  daily_limit int check (daily_limit > 0),
  enabled boolean not null default true,
  warned_at timestamptz,
  -- Taken out of the code in the editor but kept, since assignments point at it.
  removed_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, live_code_id) references live_codes (merchant_id, id) on delete cascade,
  foreign key (merchant_id, community_id) references communities (merchant_id, id),
  foreign key (merchant_id, staff_id) references staff (merchant_id, id),
  foreign key (merchant_id, window_id) references live_code_windows (merchant_id, id) on delete set null,
  foreign key (merchant_id, store_id) references stores (merchant_id, id),
  check ((kind = 'community') = (community_id is not null)),
  check ((kind = 'staff') = (staff_id is not null)),
  check (capacity is null or assigned <= capacity)
);
create index live_code_targets_code on live_code_targets (merchant_id, live_code_id, role, position);

create table live_code_target_days (
  merchant_id uuid not null,
  target_id uuid not null,
  day date not null,
  assigned int not null default 0 check (assigned >= 0),
  primary key (merchant_id, target_id, day),
  foreign key (merchant_id, target_id) references live_code_targets (merchant_id, id) on delete cascade
);

-- A staff member's own channel card: personal QR image (with its expiry) and on/off duty.
create table channel_staff_cards (
  merchant_id uuid not null,
  staff_id uuid not null,
  on_duty boolean not null default true,
  qr_image bytea,
  qr_content_type text check (qr_content_type in ('image/png', 'image/jpeg', 'image/webp')),
  qr_expires_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (merchant_id, staff_id),
  foreign key (merchant_id, staff_id) references staff (merchant_id, id),
  check ((qr_image is null) = (qr_content_type is null))
);

create table live_code_scans (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  live_code_id uuid not null,
  visitor_id text not null,
  user_agent text,
  is_bot boolean not null default false,
  at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, live_code_id) references live_codes (merchant_id, id) on delete cascade
);
create index live_code_scans_code on live_code_scans (merchant_id, live_code_id, at);

-- Sticky assignment: a customer who scans the same code again gets the same target.
create table live_code_assignments (
  merchant_id uuid not null,
  live_code_id uuid not null,
  customer_id uuid not null,
  target_id uuid,
  -- A new member: the customer was created by this code's sign-in.
  new_member boolean not null default false,
  assigned_at timestamptz not null default now(),
  primary key (merchant_id, live_code_id, customer_id),
  foreign key (merchant_id, live_code_id) references live_codes (merchant_id, id) on delete cascade,
  foreign key (merchant_id, customer_id) references customers (merchant_id, id),
  foreign key (merchant_id, target_id) references live_code_targets (merchant_id, id)
);
create index live_code_assignments_customer on live_code_assignments (merchant_id, customer_id);

do $$
declare
  t text;
begin
  foreach t in array array['live_codes', 'live_code_windows', 'live_code_targets', 'live_code_target_days',
      'channel_staff_cards', 'live_code_scans', 'live_code_assignments'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on live_codes, live_code_lookup, live_code_windows, live_code_targets,
      live_code_target_days, channel_staff_cards, live_code_scans, live_code_assignments to quanzi_app;
  end if;
end
$$;
