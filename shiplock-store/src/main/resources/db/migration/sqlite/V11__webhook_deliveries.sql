-- Webhook deliveries seen recently (their id and the digest of their body), so a replay is
-- refused on every node and after a restart. Rows older than the window are deleted on the way.
CREATE TABLE webhook_delivery (
  source VARCHAR(127) NOT NULL,
  delivery_key VARCHAR(200) NOT NULL,
  received_at TIMESTAMP NOT NULL,
  PRIMARY KEY (source, delivery_key)
);

CREATE INDEX webhook_delivery_received ON webhook_delivery (received_at);
