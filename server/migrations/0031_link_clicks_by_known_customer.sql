-- Community health counts a member active when they opened one of the shop's short links in the
-- last 7 days (links/link-customers.ts). The only index on the raw clicks leads with the link, so
-- that read walked every click of the shop. This partial index holds only human clicks of known
-- customers (about one in ten), so the anonymous clicks the redirect writes do not touch it.
create index short_link_clicks_known_by_time on short_link_clicks (merchant_id, at)
  include (customer_id)
  where customer_id is not null and not is_bot;
