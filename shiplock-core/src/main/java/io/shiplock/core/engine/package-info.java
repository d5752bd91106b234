/**
 * The process engine's pure parts: step states, the graph decision (state in, outcome out) and
 * property resolution. No I/O here; the server applies decisions and persists every transition.
 */
package io.shiplock.core.engine;
