-- Scheduled requests (issue 14): a request made for a later time is SCHEDULED until then.
ALTER TABLE request ADD COLUMN scheduled_for TIMESTAMP WITH TIME ZONE;
CREATE INDEX request_state_scheduled ON request (state, scheduled_for);

-- Each firing of a recurring schedule (kind: Schedule), claimed once: the primary key makes one
-- node's firing of (schedule, time) the only one, whatever the number of nodes or restarts.
CREATE TABLE schedule_fire (
  schedule_name VARCHAR(200) NOT NULL,
  fire_at TIMESTAMP WITH TIME ZONE NOT NULL,
  request_id BIGINT,
  outcome VARCHAR(20) NOT NULL,
  detail VARCHAR(4000),
  -- The schedule's cron, zone and pause as they were: a change re-arms it from that moment.
  fingerprint VARCHAR(600) NOT NULL,
  PRIMARY KEY (schedule_name, fire_at)
);

-- What a request does in a blackout window: NULL refuses, WAIT waits for its end, OVERRIDE (an
-- admin, audited) starts anyway. Checked again when a scheduled request starts.
ALTER TABLE request ADD COLUMN blackout_policy VARCHAR(10);

-- Manual steps waiting for a person (the tasks inbox) are found by type and state.
CREATE INDEX step_run_type_state ON step_run (type, state);
