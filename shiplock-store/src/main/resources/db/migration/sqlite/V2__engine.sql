-- The engine: agent identity and liveness, requests with their step tree, the agent work queue
-- and step logs. V1's placeholder engine tables held no data yet and are replaced.
DROP TABLE work_item;
DROP TABLE step_run;
DROP TABLE request_version;
DROP TABLE request;

CREATE TABLE agent_token (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  agent_id BIGINT NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  prefix VARCHAR(16) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR(127) NOT NULL,
  revoked_at TIMESTAMP
);

-- Liveness of an agent process, apart from its configuration so applies never touch it.
CREATE TABLE agent_state (
  agent_id BIGINT PRIMARY KEY REFERENCES agent (id) ON DELETE CASCADE,
  host VARCHAR(255),
  agent_version VARCHAR(64),
  instance VARCHAR(64),
  registered_at TIMESTAMP NOT NULL,
  last_seen TIMESTAMP NOT NULL
);

-- A request snapshots the application process it runs (process_spec), so a later apply cannot
-- change a run in flight.
CREATE TABLE request (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application VARCHAR(127) NOT NULL,
  environment VARCHAR(127) NOT NULL,
  process_name VARCHAR(127) NOT NULL,
  process_spec TEXT NOT NULL,
  requested_by VARCHAR(127) NOT NULL,
  requested_at TIMESTAMP NOT NULL,
  state VARCHAR(16) NOT NULL,
  properties TEXT NOT NULL,
  cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
  finished_at TIMESTAMP,
  message TEXT
);
CREATE INDEX request_state ON request (state);

CREATE TABLE request_version (
  request_id BIGINT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  component VARCHAR(127) NOT NULL,
  version VARCHAR(255) NOT NULL,
  version_id BIGINT NOT NULL REFERENCES component_version (id),
  PRIMARY KEY (request_id, component)
);

-- The step tree of a request: application steps (parent_id NULL); below an install/run step one
-- 'target' row per component resource, holding the component process it runs (spec); below that
-- the component process's steps.
CREATE TABLE step_run (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id BIGINT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES step_run (id) ON DELETE CASCADE,
  node VARCHAR(16) NOT NULL,
  position INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  type VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempt INT NOT NULL DEFAULT 0,
  component VARCHAR(127),
  resource_id BIGINT,
  resource_path VARCHAR(2048),
  agent_id BIGINT REFERENCES agent (id) ON DELETE SET NULL,
  spec TEXT,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  deadline TIMESTAMP,
  outputs TEXT,
  message TEXT
);
CREATE INDEX step_run_request ON step_run (request_id);
CREATE INDEX step_run_agent_state ON step_run (agent_id, state);
CREATE INDEX step_run_deadline ON step_run (deadline);

-- Durable queue of agent work; a claim carries (step, attempt), so a result applies once.
CREATE TABLE work_item (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  step_run_id BIGINT NOT NULL REFERENCES step_run (id) ON DELETE CASCADE,
  agent_id BIGINT NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
  attempt INT NOT NULL,
  payload TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  claimed_at TIMESTAMP
);
CREATE INDEX work_item_agent ON work_item (agent_id, claimed_at);

-- Step output in sequenced chunks, as the agent uploaded them (secrets already masked).
CREATE TABLE step_log (
  step_run_id BIGINT NOT NULL REFERENCES step_run (id) ON DELETE CASCADE,
  attempt INT NOT NULL,
  seq BIGINT NOT NULL,
  data TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (step_run_id, attempt, seq)
);
