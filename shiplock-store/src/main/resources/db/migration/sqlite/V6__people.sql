-- Roles and teams are configuration (kind Role, kind Team), read and written whole: one row each,
-- the spec as JSON.
CREATE TABLE security_object (
  kind VARCHAR(16) NOT NULL,
  name VARCHAR(127) NOT NULL,
  spec TEXT NOT NULL,
  PRIMARY KEY (kind, name)
);

ALTER TABLE app_user ADD COLUMN email VARCHAR(255);

-- A request to an environment that asks for approval waits in state WAITING_APPROVAL until
-- enough approvers agree, one rejects, or it expires.
ALTER TABLE request ADD COLUMN approval_expires_at TIMESTAMP;

-- Each approver's decision with its comment: the consent record of the seed.
CREATE TABLE approval_decision (
  request_id BIGINT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  user_name VARCHAR(127) NOT NULL,
  decision VARCHAR(16) NOT NULL,
  comment TEXT,
  decided_at TIMESTAMP NOT NULL,
  PRIMARY KEY (request_id, user_name)
);

-- Append-only: no statement in the code updates or deletes it.
CREATE TABLE audit_event (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TIMESTAMP NOT NULL,
  actor VARCHAR(127),
  action VARCHAR(64) NOT NULL,
  target VARCHAR(512),
  outcome VARCHAR(16) NOT NULL,
  detail TEXT
);
CREATE INDEX audit_event_at ON audit_event (at);
