-- Jobs and imports: an upload waits as 'uploaded' until its mapping is confirmed; schedules name
-- the job they enqueue and the time zone their cron expression is read in.

alter table imports drop constraint imports_status_check;
alter table imports add constraint imports_status_check
  check (status in ('uploaded', 'queued', 'running', 'succeeded', 'failed'));
alter table imports alter column status set default 'uploaded';
create index imports_created on imports (merchant_id, created_at desc, id);

alter table job_schedules add column job_name text;
alter table job_schedules add column time_zone text not null default 'UTC';

-- Finding running jobs whose lease ran out (a crashed worker) without scanning finished ones.
create index jobs_leases on jobs (locked_until) where status = 'running';
