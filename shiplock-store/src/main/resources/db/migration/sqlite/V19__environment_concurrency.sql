-- An environment's concurrency limit (issue 14): at most this many of its requests run at once,
-- the others queue in order. NULL: no limit.
ALTER TABLE environment ADD COLUMN concurrency INT;
CREATE INDEX request_environment_state ON request (application, environment, state);
