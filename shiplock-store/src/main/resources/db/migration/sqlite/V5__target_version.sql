-- A component process on a target works on one version: the requested one for an install, the
-- previous one for a rollback. resource_id was never filled (targets are named by path).
ALTER TABLE step_run DROP COLUMN resource_id;
ALTER TABLE step_run ADD COLUMN version_id BIGINT;
