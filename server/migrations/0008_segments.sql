-- Segments (人群): saved rules in the condition language and their stored, dynamic membership.
-- Membership changes incrementally for the customers a change touches (refreshSegmentsFor) and by a
-- set-based full reconcile (on save, nightly, on demand); every entry and exit is an event.

create table segments (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  description text,
  rule jsonb not null,
  -- Bumped whenever the rule changes; events name the version that moved a customer.
  rule_version int not null default 1,
  reconciled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, name)
);

create table segment_members (
  merchant_id uuid not null,
  segment_id uuid not null,
  customer_id uuid not null,
  entered_at timestamptz not null,
  primary key (merchant_id, segment_id, customer_id),
  foreign key (merchant_id, segment_id) references segments (merchant_id, id) on delete cascade,
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade
);
-- The member list pages newest entries first; a customer's segments are found by the second index.
create index segment_members_page on segment_members (merchant_id, segment_id, entered_at desc, customer_id desc);
create index segment_members_customer on segment_members (merchant_id, customer_id);

do $$
declare
  t text;
begin
  foreach t in array array['segments', 'segment_members'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (merchant_id = quanzi_current_merchant() or quanzi_is_system()) '
      'with check (merchant_id = quanzi_current_merchant() or quanzi_is_system())', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on segments, segment_members to quanzi_app;
  end if;
end
$$;

-- Rules that read time ("no order for 30 days") change answers without any data changing: the
-- dispatcher reconciles every merchant's segments nightly in the merchant's own time zone, after
-- the metrics (03:xx), tags (04:xx) and layers (05:xx).
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('segments.nightly', '40 * * * *', 'segments.nightly', 'UTC', '{}',
        date_trunc('hour', now()) + interval '1 hour 40 minutes')
on conflict (name) do nothing;
