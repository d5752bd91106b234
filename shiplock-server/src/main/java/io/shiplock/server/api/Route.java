package io.shiplock.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.shiplock.core.model.Permission;
import io.shiplock.server.auth.Principal;

/**
 * One entry of the route table: the single place routes are declared. An authenticated route needs
 * {@code view} unless it says otherwise: a permission ({@link #needs}), one granted on every
 * application ({@link #needsEverywhere}), or nothing beyond a token ({@link #selfService}). The
 * application and environment of the check come from the path ({application}, and {name} after
 * /environments/) when it has them; handlers check finer scopes from the body. A route that answers
 * a record says which ({@link #answers}), and the OpenAPI document gets its schema.
 */
public record Route(
    HandlerType method,
    String path,
    Access access,
    String summary,
    Handler handler,
    Permission permission,
    boolean everywhere,
    Answer answer) {
  /** What a route answers with {@code status}: the record, or a list of it. */
  public record Answer(int status, Class<? extends Record> type, boolean list) {}

  /** A route that answers no declared record (a map, text, a file, or nothing). */
  public Route(
      HandlerType method,
      String path,
      Access access,
      String summary,
      Handler handler,
      Permission permission,
      boolean everywhere) {
    this(method, path, access, summary, handler, permission, everywhere, null);
  }

  public static Route get(String path, String summary, Handler h) {
    return new Route(
        HandlerType.GET, path, Access.AUTHENTICATED, summary, h, Permission.VIEW, false);
  }

  public static Route post(String path, String summary, Handler h) {
    return new Route(
        HandlerType.POST, path, Access.AUTHENTICATED, summary, h, Permission.VIEW, false);
  }

  public static Route put(String path, String summary, Handler h) {
    return new Route(
        HandlerType.PUT, path, Access.AUTHENTICATED, summary, h, Permission.VIEW, false);
  }

  public static Route delete(String path, String summary, Handler h) {
    return new Route(
        HandlerType.DELETE, path, Access.AUTHENTICATED, summary, h, Permission.VIEW, false);
  }

  public Route needs(Permission p) {
    return new Route(method, path, access, summary, handler, p, false, answer);
  }

  public Route needsEverywhere(Permission p) {
    return new Route(method, path, access, summary, handler, p, true, answer);
  }

  /** Any authenticated user: their own identity and tokens, what waits for their approval. */
  public Route selfService() {
    return new Route(method, path, access, summary, handler, null, false, answer);
  }

  public Route forAgents() {
    return new Route(method, path, Access.AGENT, summary, handler, null, false, answer);
  }

  /** The route answers one {@code type} with 200. */
  public Route answers(Class<? extends Record> type) {
    return answers(200, type);
  }

  /** The route answers one {@code type} with {@code status}. */
  public Route answers(int status, Class<? extends Record> type) {
    return answering(new Answer(status, type, false));
  }

  /** The route answers a list of {@code type} with 200. */
  public Route answersListOf(Class<? extends Record> type) {
    return answering(new Answer(200, type, true));
  }

  private Route answering(Answer a) {
    return new Route(method, path, access, summary, handler, permission, everywhere, a);
  }

  /** What a web page does for the caller of its session. */
  public interface PageHandler {
    void handle(Context ctx, Principal p) throws Exception;
  }

  /**
   * A web page: behind the session cookie, with a permission in the route table as an API route has
   * (view unless it says otherwise), checked before the page runs; the page scopes what it shows by
   * the caller's reads.
   */
  public static Route page(HandlerType method, String path, String summary, PageHandler h) {
    return new Route(
        method,
        path,
        Access.SESSION,
        summary,
        ctx -> h.handle(ctx, ApiServer.principal(ctx)),
        Permission.VIEW,
        false);
  }

  public Route open() {
    return new Route(method, path, Access.PUBLIC, summary, handler, null, false, answer);
  }
}
