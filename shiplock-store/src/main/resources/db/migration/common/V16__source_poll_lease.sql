-- Which node polls a source now, until when: several server nodes share the sources, and each
-- source is polled by one node at a time (the lease), which another takes over when it runs out.
ALTER TABLE source_state ADD COLUMN poll_holder VARCHAR(64);
ALTER TABLE source_state ADD COLUMN poll_lease_until TIMESTAMP WITH TIME ZONE;
