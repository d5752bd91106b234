/** The Shiplock server: wiring, home directory, HTTP API. */
package io.shiplock.server;
