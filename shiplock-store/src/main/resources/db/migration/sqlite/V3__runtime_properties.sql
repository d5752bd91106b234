-- Component-environment property values set by steps at run time (the seed's imageId and
-- containerId). Kept apart from configured values, so an apply never overwrites what a deployment
-- recorded and an export never contains it.
CREATE TABLE runtime_property (
  application VARCHAR(127) NOT NULL,
  environment VARCHAR(127) NOT NULL,
  component VARCHAR(127) NOT NULL,
  name VARCHAR(127) NOT NULL,
  prop_value TEXT,
  set_at TIMESTAMP NOT NULL,
  request_id BIGINT,
  PRIMARY KEY (application, environment, component, name)
);
