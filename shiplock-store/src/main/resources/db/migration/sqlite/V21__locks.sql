-- Resource-level locks (issue 14): a named lock is held by one step of one request; the primary key
-- makes one holder the only one whatever the number of nodes. Released when the request ends.
CREATE TABLE lock_holder (
  name VARCHAR(400) NOT NULL PRIMARY KEY,
  request_id BIGINT NOT NULL,
  step_id BIGINT NOT NULL,
  since TIMESTAMP NOT NULL
);
CREATE INDEX lock_holder_request ON lock_holder (request_id);

-- The steps that asked for a held lock, in line: the oldest (smallest step id) takes it next.
CREATE TABLE lock_waiter (
  step_id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(400) NOT NULL,
  request_id BIGINT NOT NULL,
  since TIMESTAMP NOT NULL
);
CREATE INDEX lock_waiter_name ON lock_waiter (name, step_id);
CREATE INDEX lock_waiter_request ON lock_waiter (request_id);
