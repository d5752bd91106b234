-- The snapshot a request deploys (by name, within the request's application; snapshots never
-- change), null when it names versions: gates that ask for a snapshot status check it again before
-- each install, and the pipeline shows which snapshot an environment runs.
ALTER TABLE request ADD COLUMN snapshot VARCHAR(127);

-- Links of a version (UCD's addLink: the build that made it, a ticket), one URL per name.
CREATE TABLE version_link (
  version_id BIGINT NOT NULL REFERENCES component_version (id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  url VARCHAR(4000) NOT NULL,
  PRIMARY KEY (version_id, name)
);
