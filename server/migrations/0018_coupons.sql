-- Coupons (优惠券): templates (what a coupon promises and the limits on issuing it), issued coupons
-- (each with a random code, unique per shop), code batches (unassigned codes to print or hand
-- out), bulk issues to a segment (run as a job, resumable), and event triggers (welcome gift,
-- level-up, birthday, check-in). The template row is the lock under which stock and per-customer
-- limits are decided; issue_key makes every issue idempotent.

create table coupon_templates (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  description text,
  -- The engine's CouponRuleSchema (promotions/engine/coupon-rule.ts).
  rule jsonb not null,
  -- Validity: fixed (valid_until, optional valid_from) or valid_days after issue (until the end
  -- of the Nth local day in the shop's zone, the issue day being day 1). Fixed on the coupon at issue.
  valid_from timestamptz,
  valid_until timestamptz,
  valid_days int check (valid_days between 1 and 3650),
  -- null = unlimited. issued_count counts every coupon ever issued (batch codes included).
  stock int check (stock >= 0),
  issued_count int not null default 0 check (issued_count >= 0),
  -- Coupons one customer may hold of this template (void ones do not count); null = no limit.
  per_customer_limit int check (per_customer_limit between 1 and 1000),
  -- Total discount (分) the template may give; spent is kept by checkout at redeem and rollback.
  budget bigint check (budget >= 0),
  spent bigint not null default 0 check (spent >= 0),
  -- null = anyone; {"kind":"segment","id"}, {"kind":"layer","id"} or {"kind":"levels","ids":[…]}.
  audience jsonb,
  -- Shown in the member page's coupon centre (领券中心) to claim.
  claimable boolean not null default false,
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  check (stock is null or issued_count <= stock),
  check (budget is null or spent <= budget),
  check ((valid_days is not null and valid_from is null and valid_until is null)
    or (valid_days is null and valid_until is not null)),
  check (valid_from is null or valid_until is null or valid_until > valid_from)
);
create index coupon_templates_listing on coupon_templates (merchant_id, created_at desc, id);

create table coupon_batches (
  merchant_id uuid not null,
  id uuid not null,
  template_id uuid not null,
  name text not null,
  quantity int not null check (quantity between 1 and 10000000),
  generated int not null default 0 check (generated >= 0),
  status text not null default 'queued' check (status in ('queued', 'running', 'ready', 'failed')),
  job_id bigint,
  last_error text,
  actor_type text not null,
  actor_id text,
  actor_name text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (merchant_id, id),
  foreign key (merchant_id, template_id) references coupon_templates (merchant_id, id)
);

-- A bulk issue to a segment: its progress (processed customers up to cursor) survives a failed
-- attempt, and the per-coupon issue keys make a resumed run skip what the last one issued.
create table coupon_bulk_issues (
  merchant_id uuid not null,
  id uuid not null,
  template_id uuid not null,
  segment_id uuid not null,
  quantity int not null check (quantity between 1 and 10),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'stopped')),
  total int,
  processed int not null default 0,
  issued int not null default 0,
  skipped int not null default 0,
  cursor uuid,
  stop_reason text,
  job_id bigint,
  last_error text,
  actor_type text not null,
  actor_id text,
  actor_name text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (merchant_id, id),
  foreign key (merchant_id, template_id) references coupon_templates (merchant_id, id)
);
create index coupon_bulk_issues_recent on coupon_bulk_issues (merchant_id, created_at desc, id);

create table coupons (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  template_id uuid not null,
  -- null = an unassigned code of a batch, until a member binds it (or the POS redeems it directly).
  customer_id uuid,
  -- Random, from an unambiguous alphabet (no 0/O, 1/I), unique per shop.
  code text not null,
  -- expired is never stored by the issuing side: an available coupon past valid_until reads as
  -- expired (computed on read), so no job has to rewrite millions of rows.
  status text not null default 'available'
    check (status in ('available', 'reserved', 'redeemed', 'expired', 'void')),
  valid_from timestamptz not null,
  valid_until timestamptz not null,
  issued_at timestamptz not null default now(),
  -- manual | segment | claim | batch | trigger:<name> | mall
  source text not null,
  -- Idempotency of issuing: one call's key, and the coupon's number within it (1..quantity).
  issue_key text not null,
  issue_seq int not null default 1,
  batch_id uuid,
  bound_at timestamptz,
  -- For checkout (reservations and redemptions).
  reserved_until timestamptz,
  redemption_id uuid,
  redeemed_at timestamptz,
  primary key (merchant_id, id),
  unique (merchant_id, code),
  unique (merchant_id, issue_key, issue_seq),
  -- No foreign key to coupon_templates: bulk issues insert a million rows and the per-row check
  -- cost more than the insert; a template that issued a coupon is never deleted (deleteTemplate).
  check (valid_until > valid_from)
);
-- My coupons, and a customer's count of a template (the per-customer limit).
create index coupons_customer on coupons (merchant_id, customer_id, template_id) where customer_id is not null;
create index coupons_template on coupons (merchant_id, template_id, status);

create table coupon_triggers (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  event_type text not null check (event_type in ('welcome_gift', 'level_up', 'birthday', 'checkin')),
  template_id uuid not null,
  quantity int not null default 1 check (quantity between 1 and 10),
  enabled boolean not null default true,
  -- Events up to this instant have been read (each run reads from two minutes before it, so an
  -- event whose transaction committed late is still seen; issue keys keep the overlap harmless).
  scanned_until timestamptz not null default now(),
  -- Birthdays have no event: the job scans them once per local day and notes the day here.
  birthday_done_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  unique (merchant_id, event_type, template_id),
  foreign key (merchant_id, template_id) references coupon_templates (merchant_id, id)
);

do $$
declare
  t text;
begin
  foreach t in array array['coupon_templates', 'coupon_batches', 'coupon_bulk_issues', 'coupons', 'coupon_triggers'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete
      on coupon_templates, coupon_batches, coupon_bulk_issues, coupons, coupon_triggers to quanzi_app;
  end if;
end
$$;

-- Event triggers (welcome gift, level-up, check-in, birthday) issue their coupons every minute.
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('coupons.triggers', '* * * * *', 'coupons.triggers', 'UTC', '{}', date_trunc('minute', now()) + interval '1 minute')
on conflict (name) do nothing;
