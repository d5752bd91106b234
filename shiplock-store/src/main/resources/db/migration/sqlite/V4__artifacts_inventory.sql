-- A version's files: paths and content digests. The content lives in the server's
-- content-addressed blob store (home/blobs), once per digest however many versions share it.
CREATE TABLE version_file (
  version_id BIGINT NOT NULL REFERENCES component_version (id) ON DELETE CASCADE,
  path VARCHAR(1024) NOT NULL,
  digest VARCHAR(80) NOT NULL,
  size BIGINT NOT NULL,
  executable BOOLEAN NOT NULL,
  PRIMARY KEY (version_id, path)
);

-- The inventory: per application, environment, resource and component, the version that should
-- be there (desired, recorded when an install starts) and the one that is (actual, recorded when
-- it succeeds). Names, not ids, as in runtime_property: the inventory outlives configuration
-- changes and an apply never rewrites it.
CREATE TABLE inventory (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application VARCHAR(127) NOT NULL,
  environment VARCHAR(127) NOT NULL,
  resource_path VARCHAR(1024) NOT NULL,
  component VARCHAR(127) NOT NULL,
  desired_version_id BIGINT REFERENCES component_version (id),
  desired_request_id BIGINT,
  desired_since TIMESTAMP,
  version_id BIGINT REFERENCES component_version (id),
  request_id BIGINT,
  since TIMESTAMP,
  UNIQUE (application, environment, resource_path, component)
);

-- Inventory statuses belong to a version in a place: those of a version being installed wait
-- until it succeeds; a newer version starts with none.
CREATE TABLE inventory_status (
  inventory_id BIGINT NOT NULL REFERENCES inventory (id) ON DELETE CASCADE,
  version_id BIGINT NOT NULL REFERENCES component_version (id) ON DELETE CASCADE,
  status VARCHAR(127) NOT NULL,
  added_at TIMESTAMP NOT NULL,
  request_id BIGINT,
  PRIMARY KEY (inventory_id, version_id, status)
);

-- Append-only: every install started, succeeded or failed and every inventory status change.
CREATE TABLE inventory_event (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  inventory_id BIGINT NOT NULL REFERENCES inventory (id) ON DELETE CASCADE,
  version_id BIGINT REFERENCES component_version (id),
  request_id BIGINT,
  event VARCHAR(32) NOT NULL,
  detail VARCHAR(255),
  at TIMESTAMP NOT NULL
);
CREATE INDEX inventory_event_by_entry ON inventory_event (inventory_id, id);
