-- Effects of a committed transaction that happen outside it (trigger firings, request-ended
-- notifications): written in the same transaction as the change, applied after the commit and
-- deleted once applied. A server that dies before applying one leaves the row; it is applied at
-- the next start, or by any node once the lease of the node that claimed it has run out.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind VARCHAR(64) NOT NULL,
  payload TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  lease_until TIMESTAMP
);
