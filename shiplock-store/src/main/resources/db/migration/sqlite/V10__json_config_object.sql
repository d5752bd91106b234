-- security_object held more than security once sources and triggers joined roles and teams: it
-- is every configuration object read and written whole as one JSON document (JsonObjectRows).
ALTER TABLE security_object RENAME TO json_config_object;
