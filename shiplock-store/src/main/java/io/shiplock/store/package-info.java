/**
 * JDBC repositories over SQLite (embedded, default), PostgreSQL and H2 (tests, older homes), with
 * Flyway migrations. All SQL of Shiplock lives here; values are always bound, never formatted into
 * SQL.
 */
package io.shiplock.store;
