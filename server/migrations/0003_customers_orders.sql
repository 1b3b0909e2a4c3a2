-- Customers and orders: replay checks for refunds, and the indexes the searches use.

alter table refunds add column request_hash text;

-- Prefix searches (phone, external id, order number) must not depend on the database's collation.
create index customers_phone_prefix on customers (merchant_id, phone text_pattern_ops);
create index customers_external_prefix on customers (merchant_id, external_id text_pattern_ops);
create index orders_external_prefix on orders (merchant_id, external_id text_pattern_ops);
create index products_category on products (merchant_id, category);
