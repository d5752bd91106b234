package io.shiplock.server.api;

/**
 * Who may call a route. Only login, health checks and answers without data (the UI's fixed files,
 * the root's redirect to the UI) are public.
 */
public enum Access {
  PUBLIC,
  /** A user's API token. */
  AUTHENTICATED,
  /** An agent's token: the agent protocol only. */
  AGENT,
  /**
   * A signed approval link sent by email: it stands for one approver and one request until it
   * expires, and the decision it carries is checked like any other.
   */
  LINK,
  /** A push webhook, authenticated by its signature with the source's shared secret. */
  HOOK,
  /** A web page: the session cookie; without one, the browser is sent to the login page. */
  SESSION
}
