-- Snapshots: a named, immutable set of component versions of an application (one version per
-- component). Application and component by name, as in the inventory: a snapshot outlives a
-- configuration change. Statuses of a snapshot are its own (UCD has snapshot statuses).
CREATE TABLE snapshot (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application VARCHAR(127) NOT NULL,
  name VARCHAR(127) NOT NULL,
  description VARCHAR(4000),
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR(127),
  UNIQUE (application, name)
);

CREATE TABLE snapshot_version (
  snapshot_id BIGINT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  component VARCHAR(127) NOT NULL,
  version_id BIGINT NOT NULL REFERENCES component_version (id),
  PRIMARY KEY (snapshot_id, component)
);

CREATE TABLE snapshot_status (
  snapshot_id BIGINT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  status VARCHAR(127) NOT NULL,
  added_at TIMESTAMP NOT NULL,
  added_by VARCHAR(127),
  PRIMARY KEY (snapshot_id, status)
);
