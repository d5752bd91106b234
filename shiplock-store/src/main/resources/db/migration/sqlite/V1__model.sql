-- Shiplock schema, version 1, for SQLite: the same tables as db/migration/common (PostgreSQL and
-- H2), with SQLite's identities (INTEGER PRIMARY KEY AUTOINCREMENT) and timestamps.

-- One row: the configuration revision, also the row every apply locks.
CREATE TABLE config_revision (
  id INT PRIMARY KEY,
  revision BIGINT NOT NULL
);
INSERT INTO config_revision (id, revision) VALUES (1, 0);

CREATE TABLE status_def (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(127) NOT NULL UNIQUE,
  scope VARCHAR(16) NOT NULL,
  color VARCHAR(32),
  is_unique BOOLEAN NOT NULL,
  required_role VARCHAR(127),
  description TEXT
);

CREATE TABLE agent (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(127) NOT NULL UNIQUE,
  description TEXT
);

CREATE TABLE component (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(127) NOT NULL UNIQUE,
  description TEXT
);

-- Component-environment property definitions; their values are properties of scope
-- 'componentEnvironment'.
CREATE TABLE component_env_property (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  component_id BIGINT NOT NULL REFERENCES component (id) ON DELETE CASCADE,
  position INT NOT NULL,
  name VARCHAR(127) NOT NULL,
  default_value TEXT,
  secure BOOLEAN NOT NULL,
  description TEXT,
  UNIQUE (component_id, name)
);

CREATE TABLE application (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(127) NOT NULL UNIQUE,
  description TEXT
);

CREATE TABLE application_component (
  application_id BIGINT NOT NULL REFERENCES application (id) ON DELETE CASCADE,
  component_id BIGINT NOT NULL REFERENCES component (id) ON DELETE CASCADE,
  position INT NOT NULL,
  PRIMARY KEY (application_id, component_id)
);

-- Component and application processes; graph holds the steps and edges as JSON.
CREATE TABLE process (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  component_id BIGINT REFERENCES component (id) ON DELETE CASCADE,
  application_id BIGINT REFERENCES application (id) ON DELETE CASCADE,
  position INT NOT NULL,
  name VARCHAR(127) NOT NULL,
  description TEXT,
  graph TEXT NOT NULL,
  CHECK ((component_id IS NULL) <> (application_id IS NULL))
);
CREATE UNIQUE INDEX process_component_name ON process (component_id, name);
CREATE UNIQUE INDEX process_application_name ON process (application_id, name);

CREATE TABLE environment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id BIGINT NOT NULL REFERENCES application (id) ON DELETE CASCADE,
  name VARCHAR(127) NOT NULL,
  position INT NOT NULL,
  description TEXT,
  gate TEXT,
  approval TEXT,
  UNIQUE (application_id, name)
);

-- The resource tree of an environment. path ("group/agent/component") is stable across applies,
-- so rows keep their ids while the tree is edited (inventory will point at them).
CREATE TABLE resource (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment_id BIGINT NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES resource (id) ON DELETE CASCADE,
  path VARCHAR(2048) NOT NULL,
  position INT NOT NULL,
  name VARCHAR(127) NOT NULL,
  agent_id BIGINT REFERENCES agent (id) ON DELETE CASCADE,
  component_id BIGINT REFERENCES component (id) ON DELETE CASCADE,
  UNIQUE (environment_id, path)
);

-- Properties at every scope. owner_type: application, component, environment, agent, version,
-- resource, system; componentEnvironment uses owner_id = environment and sub_id = component.
-- Secure values are stored encrypted (enc:v1:...), never in clear.
CREATE TABLE property (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_type VARCHAR(32) NOT NULL,
  owner_id BIGINT NOT NULL,
  sub_id BIGINT NOT NULL DEFAULT 0,
  name VARCHAR(127) NOT NULL,
  prop_value TEXT,
  secure BOOLEAN NOT NULL,
  UNIQUE (owner_type, owner_id, sub_id, name)
);

CREATE TABLE component_version (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  component_id BIGINT NOT NULL REFERENCES component (id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR(127),
  UNIQUE (component_id, name)
);

CREATE TABLE version_status (
  version_id BIGINT NOT NULL REFERENCES component_version (id) ON DELETE CASCADE,
  status_id BIGINT NOT NULL REFERENCES status_def (id) ON DELETE CASCADE,
  added_at TIMESTAMP NOT NULL,
  added_by VARCHAR(127),
  PRIMARY KEY (version_id, status_id)
);

CREATE TABLE app_user (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(127) NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  is_admin BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_token (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  name VARCHAR(127) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  prefix VARCHAR(16) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP,
  revoked_at TIMESTAMP,
  last_used_at TIMESTAMP
);

-- Engine state (used from the engine issue on): a request runs an application process on an
-- environment; step_run rows are the steps of its run; work_item is the durable agent queue.
CREATE TABLE request (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id BIGINT NOT NULL REFERENCES application (id),
  environment_id BIGINT NOT NULL REFERENCES environment (id),
  process_name VARCHAR(127) NOT NULL,
  requested_by VARCHAR(127) NOT NULL,
  requested_at TIMESTAMP NOT NULL,
  state VARCHAR(32) NOT NULL,
  properties TEXT,
  finished_at TIMESTAMP,
  message TEXT
);

CREATE TABLE request_version (
  request_id BIGINT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  version_id BIGINT NOT NULL REFERENCES component_version (id),
  PRIMARY KEY (request_id, version_id)
);

CREATE TABLE step_run (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id BIGINT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES step_run (id) ON DELETE CASCADE,
  name VARCHAR(127) NOT NULL,
  type VARCHAR(64) NOT NULL,
  state VARCHAR(32) NOT NULL,
  attempt INT NOT NULL DEFAULT 0,
  agent_id BIGINT REFERENCES agent (id),
  resource_id BIGINT REFERENCES resource (id),
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  outputs TEXT,
  message TEXT
);
CREATE INDEX step_run_request ON step_run (request_id);

CREATE TABLE work_item (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  step_run_id BIGINT NOT NULL REFERENCES step_run (id) ON DELETE CASCADE,
  agent_id BIGINT NOT NULL REFERENCES agent (id),
  attempt INT NOT NULL,
  payload TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  claimed_at TIMESTAMP
);
CREATE INDEX work_item_agent ON work_item (agent_id, claimed_at);
