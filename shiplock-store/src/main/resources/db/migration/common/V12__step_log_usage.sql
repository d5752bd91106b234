-- How many characters of each step attempt's output are stored, how many were dropped past the
-- per-step limit, and whether the log was closed with the line that says so. One row per attempt,
-- so the limit is checked without summing the log.
CREATE TABLE step_log_usage (
  step_run_id BIGINT NOT NULL REFERENCES step_run (id) ON DELETE CASCADE,
  attempt INT NOT NULL,
  chars BIGINT NOT NULL,
  dropped BIGINT NOT NULL,
  closed INT NOT NULL,
  PRIMARY KEY (step_run_id, attempt)
);
