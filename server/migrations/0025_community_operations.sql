-- Community operations (issue 6, part C): the welcome gift a first join earned, layered operations
-- (a layer → community mapping, invitations made when a customer's layer changes, and the cursor
-- the invitation job keeps over `layer.moved` events) and the join-QR expiry reminder.

-- The expiry a reminder was last sent for, so the job reminds once per uploaded code.
alter table communities add column join_qr_reminded_for timestamptz;
create index communities_qr_expiry on communities (join_qr_expires_at)
  where join_qr_expires_at is not null and status = 'active';

-- What a customer's first join into a community gave them; the primary key is the "first join only"
-- rule (a re-join after leaving finds the row and gives nothing).
create table community_welcomes (
  merchant_id uuid not null,
  community_id uuid not null,
  customer_id uuid not null,
  points int,
  ledger_entry_id uuid,
  coupon_ids uuid[] not null default '{}',
  -- Why a coupon could not be issued (template paused, out of stock …); the points still stand.
  coupon_refusal text,
  granted_at timestamptz not null default now(),
  primary key (merchant_id, community_id, customer_id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id)
);

-- 分层运营: customers who arrive in a layer are invited to its community (one community per layer).
create table community_layer_mappings (
  merchant_id uuid not null,
  layer_id uuid not null,
  community_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (merchant_id, layer_id),
  foreign key (merchant_id, layer_id) references layers (merchant_id, id) on delete cascade,
  foreign key (merchant_id, community_id) references communities (merchant_id, id)
);

create table community_invitations (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  community_id uuid not null,
  customer_id uuid not null,
  status text not null check (status in ('pending', 'accepted', 'dismissed')),
  -- Why: layer:<layerId> for a layer move.
  reason text not null check (length(reason) between 1 and 100),
  -- The layer.moved event that caused it (null when staff invite).
  event_id bigint,
  created_at timestamptz not null default now(),
  responded_at timestamptz,
  primary key (merchant_id, id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id),
  check ((status = 'pending') = (responded_at is null))
);
-- At most one open invitation per customer and community, whatever re-runs the job makes.
create unique index community_invitations_open on community_invitations (merchant_id, community_id, customer_id)
  where status = 'pending';
create index community_invitations_customer on community_invitations (merchant_id, customer_id, created_at desc);

-- Where a polling job has read a merchant's events up to (by event id).
create table community_event_cursors (
  merchant_id uuid not null,
  name text not null,
  last_event_id bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (merchant_id, name)
);

do $$
declare
  t text;
begin
  foreach t in array array['community_welcomes', 'community_layer_mappings', 'community_invitations',
      'community_event_cursors'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on community_welcomes, community_layer_mappings, community_invitations,
      community_event_cursors to quanzi_app;
  end if;
end
$$;

-- Layer moves become invitations every minute; join QR codes about to expire are flagged every 15 minutes.
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('community.layer_invitations', '* * * * *', 'community.layer_invitations', 'UTC', '{}',
  date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('community.qr_reminders', '*/15 * * * *', 'community.qr_reminders', 'UTC', '{}',
  date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
