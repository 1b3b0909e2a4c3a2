-- A full insight re-evaluation writes a row per customer into each of these tables (a placement,
-- a tag, a segment membership, a history or log row, an event). Each foreign key below checked and
-- key-share-locked the referenced customer or merchant row for every row written: at 300,000
-- customers the layer pass alone spent 16 s of 40 s in these checks. None of them guards anything:
-- customers are never deleted once committed (a merge keeps the row; an erasure would anonymise),
-- and merchants are never deleted. The keys that do something stay: a tag's, a segment's and a
-- layer's assignments follow their definition (cascade, or restrict for layers).
-- See docs/architecture.md, "Rules of the road".
alter table events drop constraint events_merchant_id_fkey;
alter table customer_tag_history drop constraint customer_tag_history_merchant_id_fkey;
alter table layer_moves drop constraint layer_moves_merchant_id_fkey;
alter table customer_tags drop constraint customer_tags_merchant_id_customer_id_fkey;
alter table segment_members drop constraint segment_members_merchant_id_customer_id_fkey;
alter table customer_layers drop constraint customer_layers_merchant_id_customer_id_fkey;
