-- Short links (短链): a random slug that redirects to a member-page path or any http(s) URL, with
-- UTM parameters, an expiry and an optional password. Every hit is kept raw (short_link_clicks) and
-- counted into per-day rollups by the click flusher in the same statement, so stats read a few
-- hundred rollup rows however many millions of clicks a link has; the raw rows stay so the rollups
-- can be rebuilt when the bot rules change.

-- Slugs are global (the redirect path /s/<slug> names no shop). A unique index on short_links
-- cannot enforce that once the table is distributed by merchant_id (Citus needs the distribution
-- column in every unique index), so this small global table owns the slug namespace. It is a
-- lookup table like merchants: no merchant_id-first key and no row-level security; it holds no
-- customer data, only which shop and link a slug belongs to.
create table short_link_slugs (
  slug text primary key check (slug ~ '^[A-Za-z0-9]{4,32}$'),
  merchant_id uuid not null references merchants(id) on delete cascade,
  link_id uuid not null,
  created_at timestamptz not null default now()
);

create table short_links (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  slug text not null,
  title text not null default '' check (length(title) <= 100),
  -- "/m/<shop>/…" (the member page) or an absolute http(s) URL.
  target text not null check (length(target) between 1 and 2000),
  -- {"source", "medium", "campaign", "term", "content"}: set as utm_* on the target at redirect.
  utm jsonb not null default '{}',
  expires_at timestamptz,
  password_hash text,
  -- Who made it: staff, or a service (calendar, coupon, livecode).
  origin text not null default 'staff' check (length(origin) between 1 and 50),
  created_by_staff_id uuid,
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, slug)
);
create index short_links_listing on short_links (merchant_id, created_at desc, id);

-- A link personalised for one customer: /s/<slug>/<token> names the customer (tokens are random).
create table short_link_recipients (
  merchant_id uuid not null,
  link_id uuid not null,
  token text not null check (token ~ '^[A-Za-z0-9]{6,32}$'),
  customer_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (merchant_id, link_id, token),
  unique (merchant_id, link_id, customer_id),
  foreign key (merchant_id, link_id) references short_links (merchant_id, id) on delete cascade,
  foreign key (merchant_id, customer_id) references customers (merchant_id, id)
);

-- Every hit, bots included (flagged, never dropped). id is the click id handed to the target as
-- qz_click. No foreign keys: the flusher inserts thousands of rows per statement.
create table short_link_clicks (
  merchant_id uuid not null,
  id text not null,
  link_id uuid not null,
  at timestamptz not null,
  kind text not null check (kind in ('click', 'scan')),
  method text not null,
  referrer text,
  referrer_host text,
  user_agent text,
  device text not null,
  os text not null,
  browser text not null,
  is_bot boolean not null,
  visitor text not null,
  customer_id uuid,
  primary key (merchant_id, id)
);
create index short_link_clicks_by_link on short_link_clicks (merchant_id, link_id, at);

-- One row per visitor per link per hour: a new row is a new unique visitor in that hour, counted
-- on the local day of its first hit (day).
create table short_link_visitor_hours (
  merchant_id uuid not null,
  link_id uuid not null,
  hour timestamptz not null,
  visitor text not null,
  day date not null,
  primary key (merchant_id, link_id, hour, visitor)
);

-- Per link per local day (merchant time zone). hits = every hit; human = not flagged as a bot.
create table short_link_daily (
  merchant_id uuid not null,
  link_id uuid not null,
  day date not null,
  hits int not null default 0,
  clicks int not null default 0,
  scans int not null default 0,
  human int not null default 0,
  bots int not null default 0,
  unique_visitors int not null default 0,
  primary key (merchant_id, link_id, day)
);

-- Human hits per local day by device, os, browser and referrer host.
create table short_link_daily_dimensions (
  merchant_id uuid not null,
  link_id uuid not null,
  day date not null,
  dimension text not null check (dimension in ('device', 'os', 'browser', 'referrer')),
  value text not null,
  hits int not null default 0,
  primary key (merchant_id, link_id, day, dimension, value)
);

-- The customers a link reached, with their first click (for orders after the click).
create table short_link_customers (
  merchant_id uuid not null,
  link_id uuid not null,
  customer_id uuid not null,
  first_click_id text not null,
  first_clicked_at timestamptz not null,
  primary key (merchant_id, link_id, customer_id)
);

do $$
declare
  t text;
begin
  foreach t in array array['short_links', 'short_link_recipients', 'short_link_clicks',
    'short_link_visitor_hours', 'short_link_daily', 'short_link_daily_dimensions', 'short_link_customers'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on short_link_slugs, short_links, short_link_recipients,
      short_link_clicks, short_link_visitor_hours, short_link_daily, short_link_daily_dimensions,
      short_link_customers to quanzi_app;
  end if;
end
$$;

-- The hourly prune of visitor-hours past their use (short_links.prune) finds them by hour.
create index short_link_visitor_hours_by_hour on short_link_visitor_hours (hour);
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('short_links.prune', '17 * * * *', 'short_links.prune', 'UTC', '{}', date_trunc('hour', now()) + interval '1 hour 17 minutes')
on conflict (name) do nothing;
