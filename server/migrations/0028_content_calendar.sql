-- Content calendar (templates, scheduled posts and their runs) and staff tasks.
--
-- A post is one-off (local date-time) or recurring (local time on every day or chosen weekdays,
-- optional end date), always in the shop's time zone. `next_at` is the next run not yet written
-- as an occurrence; the calendar job writes due runs as content_occurrences rows, unique on
-- (post, scheduled_at), so a run happens at most once with two processes and retries.
-- `due_at` is when a run is next tried: its scheduled time, or the time the guard moved it to.

create table content_templates (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('topic', 'tip', 'course', 'promotion')),
  title text not null check (length(title) between 1 and 100),
  body text not null default '' check (length(body) <= 2000),
  image_url text check (length(image_url) <= 2000),
  link_url text check (length(link_url) <= 2000),
  -- A chat card reference {"kind": "coupon_template" | "flash_sale" | "checkin", "id"}.
  card jsonb,
  promotional boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
create index content_templates_listing on content_templates (merchant_id, created_at desc, id);

create table content_posts (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  community_id uuid not null,
  template_id uuid,
  title text not null check (length(title) between 1 and 100),
  body text not null default '' check (length(body) <= 2000),
  image_url text check (length(image_url) <= 2000),
  link_url text check (length(link_url) <= 2000),
  card jsonb,
  promotional boolean not null,
  repeat text not null check (repeat in ('once', 'daily', 'weekly')),
  -- once: the local date; daily/weekly: the first local date it may run.
  start_date date not null,
  end_date date,
  -- Local time of day "HH:MM".
  local_time text not null check (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  -- weekly: 0 = Sunday … 6 = Saturday.
  weekdays smallint[] not null default '{}',
  status text not null default 'active' check (status in ('active', 'cancelled', 'finished')),
  next_at timestamptz,
  -- One tracked short link per post, made on its first run.
  short_link_id uuid,
  created_by_staff_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id),
  check (end_date is null or end_date >= start_date),
  check (repeat <> 'weekly' or cardinality(weekdays) between 1 and 7)
);
create index content_posts_due on content_posts (next_at) where status = 'active';
create index content_posts_community on content_posts (merchant_id, community_id, start_date);

create table content_occurrences (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  post_id uuid not null,
  scheduled_at timestamptz not null,
  due_at timestamptz not null,
  status text not null check (status in ('scheduled', 'held', 'posted', 'task', 'cancelled', 'failed')),
  hold_reason text check (hold_reason in ('quiet_hours', 'community_cap')),
  failure text check (length(failure) <= 500),
  attempts int not null default 0,
  posted_at timestamptz,
  task_id uuid,
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, post_id, scheduled_at),
  foreign key (merchant_id, post_id) references content_posts (merchant_id, id) on delete cascade,
  check ((status = 'held') = (hold_reason is not null))
);
create index content_occurrences_due on content_occurrences (due_at) where status in ('scheduled', 'held');

create table staff_tasks (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('calendar_post', 'qr_expiring', 'group_nearly_full')),
  -- What made the task ("occurrence:<id>", "event:<id>"): one task per source.
  source text not null,
  assignee_staff_id uuid,
  community_id uuid,
  title text not null check (length(title) between 1 and 200),
  body text not null default '' check (length(body) <= 4000),
  image_url text,
  link_url text,
  status text not null default 'open' check (status in ('open', 'done')),
  done_at timestamptz,
  done_by_staff_id uuid,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, source),
  check ((status = 'done') = (done_at is not null))
);
create index staff_tasks_listing on staff_tasks (merchant_id, status, created_at desc, id);
create index staff_tasks_assignee on staff_tasks (merchant_id, assignee_staff_id, status, created_at desc, id);

-- Where the task job has read a merchant's events up to (by event id).
create table staff_task_cursors (
  merchant_id uuid not null references merchants(id) on delete cascade,
  last_event_id bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (merchant_id)
);

do $$
declare
  t text;
begin
  foreach t in array array['content_templates', 'content_posts', 'content_occurrences', 'staff_tasks',
      'staff_task_cursors'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on content_templates, content_posts, content_occurrences, staff_tasks,
      staff_task_cursors to quanzi_app;
  end if;
end
$$;

insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('content.run_due', '* * * * *', 'content.run_due', 'UTC', '{}',
  date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('tasks.from_events', '* * * * *', 'tasks.from_events', 'UTC', '{}',
  date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
