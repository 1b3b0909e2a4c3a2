-- Communities (社群): where a shop meets its customers, either built in (Quanzi runs the chat) or on
-- an external platform (WeChat, WeCom, QQ, …) that staff organise from here. Membership keeps one
-- row per customer and community with its current state, and a log of every join and leave with
-- the channel it came through. `member_count` is the capacity counter: a join is one conditional
-- update `member_count < capacity` on the community, so a full community never takes one more.

create table communities (
  merchant_id uuid not null references merchants(id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  purpose text not null check (purpose in ('marketing', 'content', 'service')),
  platform text not null check (platform in ('builtin', 'wechat', 'wecom', 'qq', 'other')),
  -- Who it is for, as on coupon templates: {"kind": "segment" | "layer", "id"}; null = anyone.
  audience jsonb,
  -- null = no cap; external groups cap at 200/500 members.
  capacity int check (capacity > 0),
  member_count int not null default 0 check (member_count >= 0),
  owner_staff_id uuid,
  -- External platforms: where to join, and the uploaded group QR image (WeChat codes expire in 7 days).
  join_url text,
  join_qr_image bytea,
  join_qr_content_type text check (join_qr_content_type in ('image/png', 'image/jpeg', 'image/webp')),
  join_qr_expires_at timestamptz,
  rules text not null default '',
  welcome_message text not null default '',
  welcome_points int check (welcome_points > 0),
  welcome_coupon_template_id uuid,
  -- The merchant's goal for orders from members, in 分 per month (community health).
  monthly_gmv_target bigint check (monthly_gmv_target > 0),
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, owner_staff_id) references staff (merchant_id, id),
  check (capacity is null or member_count <= capacity),
  check ((join_qr_image is null) = (join_qr_content_type is null))
);
create index communities_listing on communities (merchant_id, status, created_at desc, id);

create table community_members (
  merchant_id uuid not null,
  community_id uuid not null,
  customer_id uuid not null,
  status text not null check (status in ('joined', 'left', 'removed')),
  -- The channel (live code, link, staff, import, member page, layer invite) of the latest join.
  source text not null check (length(source) between 1 and 100),
  rules_accepted_at timestamptz,
  muted_until timestamptz,
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  primary key (merchant_id, community_id, customer_id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id),
  foreign key (merchant_id, customer_id) references customers (merchant_id, id),
  check ((status = 'joined') = (left_at is null))
);
create index community_members_customer on community_members (merchant_id, customer_id) where status = 'joined';
create index community_members_listing on community_members (merchant_id, community_id, joined_at desc, customer_id)
  where status = 'joined';

create table community_membership_log (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  community_id uuid not null,
  customer_id uuid not null,
  action text not null check (action in ('join', 'leave', 'remove')),
  source text not null,
  staff_id uuid,
  at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id)
);
create index community_membership_log_by_community on community_membership_log (merchant_id, community_id, at desc);
create index community_membership_log_by_customer on community_membership_log (merchant_id, customer_id, at desc);

do $$
declare
  t text;
begin
  foreach t in array array['communities', 'community_members', 'community_membership_log'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on communities, community_members, community_membership_log to quanzi_app;
  end if;
end
$$;
