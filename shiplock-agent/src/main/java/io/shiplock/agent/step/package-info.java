/** What the built-in agent steps share: typed parameters and a failure worth one log line. */
package io.shiplock.agent.step;
