-- Messaging: one message per recipient in the member-page inbox, optionally forwarded to the
-- merchant's own sender by webhook, behind the over-marketing guard (caps per customer per local
-- day and week, quiet hours, per-community caps on promotional posts). A promotional message that
-- would break a rule is kept as 'scheduled' with the reason and the next allowed time.
--
-- `slot_at` is when a message counts against the caps: its delivery time, or for a held message
-- the time it is due. Held messages reserve their slot, so a later send cannot take it.

create table message_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  guard_enabled boolean not null default true,
  -- null = no cap of that kind.
  daily_cap int check (daily_cap between 1 and 100),
  weekly_cap int check (weekly_cap between 1 and 500),
  -- Minutes after local midnight; start = end means no quiet hours; start > end spans midnight.
  quiet_start int check (quiet_start between 0 and 1439),
  quiet_end int check (quiet_end between 0 and 1439),
  community_daily_cap int check (community_daily_cap between 1 and 100),
  webhook_url text check (webhook_url ~ '^https?://'),
  webhook_secret text,
  updated_at timestamptz not null default now(),
  primary key (merchant_id),
  check ((quiet_start is null) = (quiet_end is null)),
  check (webhook_url is null or webhook_secret is not null)
);

-- One compose action: the content and who asked for it; its messages are one per recipient.
create table message_sends (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  category text not null check (category in ('promotional', 'service')),
  title text not null check (length(title) between 1 and 100),
  body text not null check (length(body) between 1 and 2000),
  link text,
  -- {"kind": "coupon" | "flash_sale" | "checkin" | "community" | …, "id"}
  card jsonb,
  source_kind text not null check (length(source_kind) between 1 and 40),
  source_id text,
  -- For a send to a segment worked through by a job: {"kind": "segment", "id"}.
  audience jsonb,
  status text not null default 'done' check (status in ('queued', 'running', 'done', 'failed')),
  recipients int not null default 0,
  delivered int not null default 0,
  scheduled int not null default 0,
  created_by_type text,
  created_by_id text,
  created_by_name text,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index message_sends_listing on message_sends (merchant_id, created_at desc, id);

create table messages (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  send_id uuid not null,
  customer_id uuid not null,
  category text not null check (category in ('promotional', 'service')),
  status text not null check (status in ('delivered', 'scheduled')),
  slot_at timestamptz not null,
  hold_reason text check (hold_reason in ('quiet_hours', 'daily_cap', 'weekly_cap')),
  delivered_at timestamptz,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, send_id) references message_sends (merchant_id, id) on delete cascade,
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade,
  check ((status = 'delivered') = (delivered_at is not null)),
  check ((status = 'scheduled') = (hold_reason is not null)),
  check (read_at is null or status = 'delivered')
);
-- A send reaches each customer once, however often its job runs.
create unique index messages_once_per_send on messages (merchant_id, send_id, customer_id);
create index messages_promotional_slots on messages (merchant_id, customer_id, slot_at)
  where category = 'promotional';
create index messages_due on messages (slot_at) where status = 'scheduled';
create index messages_listing on messages (merchant_id, created_at desc, id);
create index messages_inbox on messages (merchant_id, customer_id, delivered_at desc, id) where status = 'delivered';

-- One row per customer who was ever sent a message: locked while counting, so parallel sends to
-- one customer see each other's messages and never pass the caps.
create table message_recipients (
  merchant_id uuid not null,
  customer_id uuid not null,
  primary key (merchant_id, customer_id),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade
);

-- Posts into communities the guard has let through, counted for the per-community daily cap.
create table message_community_posts (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  community_id uuid not null,
  promotional boolean not null,
  at timestamptz not null,
  source text not null,
  primary key (merchant_id, id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id) on delete cascade
);
create index message_community_posts_by_day on message_community_posts (merchant_id, community_id, at)
  where promotional;

-- Every webhook attempt, answered or not.
create table message_webhook_deliveries (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  message_id uuid,
  attempt int not null,
  url text not null,
  status_code int,
  error text,
  duration_ms int not null,
  at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index message_webhook_deliveries_by_message on message_webhook_deliveries (merchant_id, message_id, at);
create index message_webhook_deliveries_listing on message_webhook_deliveries (merchant_id, at desc, id);

do $$
declare
  t text;
begin
  foreach t in array array['message_settings', 'message_sends', 'messages', 'message_recipients',
                           'message_community_posts', 'message_webhook_deliveries'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on message_settings, message_sends, messages, message_recipients,
      message_community_posts, message_webhook_deliveries to quanzi_app;
  end if;
end
$$;

insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('messaging.deliver_due', '* * * * *', 'messaging.deliver_due', 'UTC', '{}', date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
