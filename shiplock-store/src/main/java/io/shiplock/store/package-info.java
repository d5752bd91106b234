/**
 * JDBC repositories over H2 (embedded, default) and PostgreSQL, with Flyway migrations. All SQL of
 * Shiplock lives here; values are always bound, never formatted into SQL.
 */
package io.shiplock.store;
