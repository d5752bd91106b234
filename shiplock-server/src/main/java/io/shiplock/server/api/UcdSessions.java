package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import io.shiplock.server.auth.AuthService;
import io.shiplock.server.auth.Principal;
import java.util.Map;

/** udclient's session commands: login (a token as plain text), logout, createAuthToken. */
final class UcdSessions {
  private final Store store;
  private final AuthService auth;

  UcdSessions(Store store, AuthService auth) {
    this.store = store;
    this.auth = auth;
  }

  void login(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    // The client writes the body to ~/.ibm-ucd/authToken as it comes: plain text, no JSON.
    ctx.contentType("text/plain").result(auth.issue(p.userId(), "udclient login", null).token());
  }

  void logout(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    if (p.tokenId() == 0)
      throw ApiException.badRequest("logout ends a token's session; this call used a password");
    auth.revoke(p.userId(), p.tokenId());
    ctx.status(204);
  }

  void createAuthToken(Context ctx) {
    Principal p = ApiServer.principal(ctx);
    String user = UcdNames.param(ctx, "user", true);
    long userId;
    if (user.equals(p.name())) {
      userId = p.userId();
    } else {
      if (!ApiServer.authorizer(ctx).allowsEverywhere(Permission.SECURITY))
        throw ApiServer.forbidden(
            "user '"
                + p.name()
                + "' lacks the 'security' permission on every application, needed for a token"
                + " of user '"
                + user
                + "'");
      userId =
          store
              .read(r -> r.users().find(user))
              .orElseThrow(() -> ApiException.notFound("User '" + user + "' not found"))
              .id();
    }
    String description = ctx.queryParam("description");
    var t = auth.issue(userId, description == null ? "udclient token" : description, null);
    Json.ok(ctx, Map.of("token", t.token()));
  }
}
