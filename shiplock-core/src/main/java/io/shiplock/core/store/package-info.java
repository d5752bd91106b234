/**
 * Ports to durable state: one repository per aggregate, and {@link io.shiplock.core.store.Store}
 * for transactions. Implementations (H2, PostgreSQL) live in shiplock-store.
 */
package io.shiplock.core.store;
