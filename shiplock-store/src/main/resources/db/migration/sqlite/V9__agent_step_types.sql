-- The step types an agent process said it runs (its hello), comma separated; NULL for an agent
-- that never said (older agents): the server then dispatches as before.
ALTER TABLE agent_state ADD COLUMN step_types TEXT;
