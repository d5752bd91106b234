-- Directory (LDAP) users: the groups the directory named at their last login, one name a line.
-- NULL marks a local user (one with a local password); a directory user's password_hash is a
-- marker that no password matches, so only the directory can let them in.
ALTER TABLE app_user ADD COLUMN directory_groups TEXT;
