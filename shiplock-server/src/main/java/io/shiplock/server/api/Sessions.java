package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.server.auth.Principal;
import java.util.Optional;

/**
 * How the route table admits a browser to a page ({@link Access#SESSION}); the web pages provide
 * it, so the route table does not depend on them.
 */
public interface Sessions {
  /** The caller of a page, from its session cookie. */
  Optional<Principal> session(Context ctx);

  /** Where a browser without a session is sent. */
  String loginRedirect(Context ctx);

  /** Answers a page the caller may not see: 403, saying why. */
  void refused(Context ctx, Principal p, String why);

  /** Answers 403 to a form posted from another site; true when it did. */
  boolean refusedCrossSite(Context ctx);
}
