/**
 * The engine as the server runs it: requests become step trees; each event (request made, agent
 * result, timer, agent lost, cancel) is a small handler that persists its transition and then
 * advances the request with the pure {@link io.shiplock.core.engine.GraphDecider}, all in one
 * transaction under the request's row lock. Waiting is state (a deadline) plus a timer thread.
 */
package io.shiplock.server.engine;
