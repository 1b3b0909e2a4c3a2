-- A caller-chosen key that makes a send happen once (a community welcome, a live-code welcome,
-- a layer invitation): a retried or racing send with the same key writes nothing more.
alter table message_sends add column dedupe_key text check (length(dedupe_key) between 1 and 200);
create unique index message_sends_once_per_key on message_sends (merchant_id, dedupe_key)
  where dedupe_key is not null;
