/**
 * The agent runtime: connects out to the server, runs agent steps (shell, Docker) and their
 * post-processing scripts. Thin until the engine issue; it depends on core, never on the store or
 * the server.
 */
package io.shiplock.agent;
