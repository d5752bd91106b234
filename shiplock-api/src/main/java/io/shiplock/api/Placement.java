package io.shiplock.api;

/** Where a step runs. */
public enum Placement {
  /** On an agent, on the host of a component resource. */
  AGENT,
  /** In the server (system steps: properties, statuses, waits). */
  SERVER,
  /** In an application process: installs or runs component processes. */
  APPLICATION
}
