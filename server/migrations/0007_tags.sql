-- Tags (标签管理): groups, tags (manual, or applied by a rule in the condition language), the tags
-- each customer has with why, and the history of every add and remove.

create table tag_groups (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  sort_order int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, name)
);

create table tags (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  group_id uuid,
  name text not null,
  color text not null default '#1677ff',
  description text,
  kind text not null check (kind in ('manual', 'rule')),
  rule jsonb,
  -- Bumped whenever the rule changes; history rows name the version that added or removed a tag.
  rule_version int not null default 0,
  evaluated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, name),
  foreign key (merchant_id, group_id) references tag_groups (merchant_id, id),
  check ((kind = 'rule') = (rule is not null))
);
create index tags_group on tags (merchant_id, group_id);

create table customer_tags (
  merchant_id uuid not null,
  customer_id uuid not null,
  tag_id uuid not null,
  source text not null check (source in ('manual', 'rule')),
  reason text,
  actor_type text not null,
  actor_id text,
  actor_name text,
  rule_version int,
  added_at timestamptz not null default now(),
  primary key (merchant_id, customer_id, tag_id),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id) on delete cascade,
  foreign key (merchant_id, tag_id) references tags (merchant_id, id) on delete cascade
);
create index customer_tags_tag on customer_tags (merchant_id, tag_id, customer_id);

-- Kept after a tag is deleted (its name is copied), so a customer's story stays readable.
create table customer_tag_history (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id bigint generated always as identity,
  customer_id uuid not null,
  tag_id uuid not null,
  tag_name text not null,
  action text not null check (action in ('added', 'removed')),
  source text not null check (source in ('manual', 'rule')),
  reason text,
  actor_type text not null,
  actor_id text,
  actor_name text,
  rule_version int,
  occurred_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index customer_tag_history_customer on customer_tag_history (merchant_id, customer_id, occurred_at desc);
create index customer_tag_history_tag on customer_tag_history (merchant_id, tag_id, occurred_at desc);

do $$
declare
  t text;
begin
  foreach t in array array['tag_groups', 'tags', 'customer_tags', 'customer_tag_history'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (merchant_id = quanzi_current_merchant() or quanzi_is_system()) '
      'with check (merchant_id = quanzi_current_merchant() or quanzi_is_system())', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on tag_groups, tags, customer_tags, customer_tag_history to quanzi_app;
  end if;
end
$$;

-- Rules that read time ("no order for 30 days") change answers without any data changing: the
-- dispatcher re-evaluates every merchant's rule tags nightly in the merchant's own time zone.
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('tags.nightly', '20 * * * *', 'tags.nightly', 'UTC', '{}',
        date_trunc('hour', now()) + interval '1 hour 20 minutes')
on conflict (name) do nothing;
