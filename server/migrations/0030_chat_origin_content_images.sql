-- Where a chat message came from besides a person typing it: 'calendar' for the content calendar's
-- runs. Community health counts each calendar run once (from content_occurrences), so it leaves
-- these messages out of the staff posts it reads from the chat.
alter table community_chat_messages add column origin text check (origin in ('calendar'));
-- Messages of a community by time, for health's per-day counts and active members.
create index community_chat_messages_by_time on community_chat_messages (merchant_id, community_id, created_at);

-- Images uploaded in the post editor. A post or template refers to one by its path
-- (/api/v1/content/images/<id>) in image_url; a run into the built-in chat copies it into the
-- community's chat images and posts it as an image message.
create table content_images (
  merchant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  bytes bytea not null check (octet_length(bytes) between 1 and 2097152),
  staff_id uuid,
  created_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
alter table content_images enable row level security;
alter table content_images force row level security;
create policy tenant_isolation on content_images
  using (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()))
  with check (merchant_id = (select quanzi_current_merchant()) or (select quanzi_is_system()));
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'quanzi_app') then
    grant select, insert, update, delete on content_images to quanzi_app;
  end if;
end
$$;
