-- What each source imported last, and its last error (shown on the component's import status).
CREATE TABLE source_state (
  source VARCHAR(127) PRIMARY KEY,
  last_sha VARCHAR(64),
  last_checked_at TIMESTAMP,
  last_imported_at TIMESTAMP,
  last_error TEXT
);

-- A version fires a trigger at most once: the primary key is the guarantee.
CREATE TABLE trigger_fired (
  trigger_name VARCHAR(127) NOT NULL,
  version_id BIGINT NOT NULL REFERENCES component_version (id) ON DELETE CASCADE,
  request_id BIGINT,
  outcome VARCHAR(16) NOT NULL,
  detail TEXT,
  fired_at TIMESTAMP NOT NULL,
  PRIMARY KEY (trigger_name, version_id)
);
