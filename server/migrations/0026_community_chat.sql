-- Built-in community chat (群聊). Messages are numbered per community by `seq`, taken from the
-- community's counter row under its row lock: numbers are gapless and in commit order, so
-- "messages after seq N" (reconnect catch-up) never misses a message that committed late, and
-- history pages by `seq < cursor` are stable while new messages arrive. Images are stored in the
-- database (small, capped at 2 MB) so every server process sees them without a shared disk.

create table community_chats (
  merchant_id uuid not null,
  community_id uuid not null,
  last_seq bigint not null default 0 check (last_seq >= 0),
  primary key (merchant_id, community_id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id) on delete cascade
);

create table community_chat_images (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  community_id uuid not null,
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  bytes bytea not null check (octet_length(bytes) between 1 and 2097152),
  customer_id uuid,
  staff_id uuid,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id) on delete cascade
);

create table community_chat_messages (
  merchant_id uuid not null,
  community_id uuid not null,
  seq bigint not null check (seq > 0),
  id uuid not null default gen_random_uuid(),
  author_kind text not null check (author_kind in ('member', 'staff')),
  customer_id uuid,
  staff_id uuid,
  kind text not null check (kind in ('text', 'image', 'link', 'card')),
  body text not null default '' check (length(body) <= 2000),
  link_url text check (length(link_url) <= 2000),
  link_title text check (length(link_title) <= 200),
  image_id uuid,
  -- {"kind": "coupon_template" | "flash_sale" | "checkin", "id"}: rendered from the live data on read.
  card jsonb,
  pinned_at timestamptz,
  pinned_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  created_at timestamptz not null default now(),
  primary key (merchant_id, community_id, seq),
  unique (merchant_id, id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id) on delete cascade,
  foreign key (merchant_id, image_id) references community_chat_images (merchant_id, id),
  check ((author_kind = 'member') = (customer_id is not null)),
  check ((author_kind = 'staff') = (staff_id is not null)),
  check ((kind = 'link') = (link_url is not null)),
  check ((kind = 'image') = (image_id is not null)),
  check ((kind = 'card') = (card is not null))
);
create index community_chat_messages_pinned on community_chat_messages (merchant_id, community_id, pinned_at desc)
  where pinned_at is not null and deleted_at is null;

-- How far each member has read: unread = messages after last_read_seq (not their own, not deleted).
create table community_chat_reads (
  merchant_id uuid not null,
  community_id uuid not null,
  customer_id uuid not null,
  last_read_seq bigint not null default 0 check (last_read_seq >= 0),
  updated_at timestamptz not null default now(),
  primary key (merchant_id, community_id, customer_id),
  foreign key (merchant_id, community_id) references communities (merchant_id, id) on delete cascade
);

-- The shop's ad filter: plain words (no regular expressions), matched case-insensitively.
create table community_chat_settings (
  merchant_id uuid not null references merchants(id) on delete cascade,
  blocked_words text[] not null default '{}' check (cardinality(blocked_words) <= 500),
  updated_at timestamptz not null default now(),
  primary key (merchant_id)
);

do $$
declare
  t text;
begin
  foreach t in array array['community_chats', 'community_chat_images', 'community_chat_messages',
    'community_chat_reads', 'community_chat_settings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I '
      'using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system())) '
      'with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))', t);
  end loop;
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on community_chats, community_chat_images, community_chat_messages,
      community_chat_reads, community_chat_settings to quanzi_app;
  end if;
end
$$;
