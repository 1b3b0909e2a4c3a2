-- Uploaded post images that no template, post or staff task refers to are deleted a day after
-- upload (content/content-images.ts pruneContentImages), once a day.
insert into job_schedules (name, cron, job_name, time_zone, payload, next_run_at)
values ('content.images.prune', '40 3 * * *', 'content.images.prune', 'UTC', '{}',
  date_trunc('day', now()) + interval '1 day 3 hours 40 minutes')
on conflict (name) do nothing;
