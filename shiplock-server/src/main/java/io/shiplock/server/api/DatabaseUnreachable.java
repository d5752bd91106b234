package io.shiplock.server.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * A failure that is the database out of reach (no connection to be had, or one that broke): the API
 * answers it 503, as {@code /readyz} does, and not as an internal error. Nothing is wrong with the
 * call; the client, or an agent, tries again, and the load balancer sends it to a node that is
 * ready.
 */
final class DatabaseUnreachable {
  static final String MESSAGE =
      "the database is unreachable from this server node; try again shortly";

  static final String BUSY_MESSAGE =
      "every database connection of this server node stayed busy for 5 s (the node is"
          + " overloaded); try again shortly";

  private DatabaseUnreachable() {}

  /**
   * The database answers but this node's pool had no connection free in time: Hikari's timeout
   * carries the last connection failure as its cause when the database is away, and none when every
   * connection was simply in use. Told apart so an operator looks at the load, not the network.
   */
  static boolean busy(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException x)
        return x.getCause() == null
            && x.getSQLState() == null
            && String.valueOf(x.getMessage()).contains("request timed out");
    }
    return false;
  }

  static boolean is(Throwable e) {
    // A bounded walk: a chain of causes may loop.
    Throwable t = e;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) return true;
      // SQLSTATE class 08: connection exception (refused, broken, failed to establish).
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("08")) return true;
    }
    return false;
  }
}
