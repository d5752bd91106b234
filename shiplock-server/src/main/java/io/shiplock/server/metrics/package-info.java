/**
 * The server's metrics in Prometheus' text format ({@code GET /metrics}): what the engine and the
 * HTTP server count as they go, what the database holds now (the work queue, the agents), the
 * connection pools and the JVM. docs/operations.md lists every name.
 */
package io.shiplock.server.metrics;
