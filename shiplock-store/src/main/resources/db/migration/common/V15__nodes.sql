-- The server nodes that run on this database: each start of a server is a new node (a random id),
-- which beats while it runs and says when it stopped gracefully. A node whose beat is older than
-- three intervals is dead, whatever its row says (kill -9 leaves stopped_at empty).
CREATE TABLE node (
  id VARCHAR(64) PRIMARY KEY,
  address VARCHAR(255) NOT NULL,
  version VARCHAR(64) NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
  stopped_at TIMESTAMP WITH TIME ZONE
);

-- A fingerprint of the secret key that encrypts this database's secure values (an HMAC of a fixed
-- label, never the key): a node started with another key refuses to start instead of writing
-- values the other nodes cannot read. One row.
CREATE TABLE secret_key_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint VARCHAR(128) NOT NULL,
  stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
