-- Where a chat message came from besides a person typing it: 'calendar' for the content calendar's
-- runs. Community health counts each calendar run once (from content_occurrences), so it leaves
-- these messages out of the staff posts it reads from the chat.
alter table community_chat_messages add column origin text check (origin in ('calendar'));
-- Messages of a community by time, for health's per-day counts and active members.
create index community_chat_messages_by_time on community_chat_messages (merchant_id, community_id, created_at);
