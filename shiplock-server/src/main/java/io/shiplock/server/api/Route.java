package io.shiplock.server.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One entry of the route table: the single place routes are declared. */
public record Route(
    HandlerType method, String path, Access access, String summary, Handler handler) {
  public static Route get(String path, String summary, Handler h) {
    return new Route(HandlerType.GET, path, Access.AUTHENTICATED, summary, h);
  }

  public static Route post(String path, String summary, Handler h) {
    return new Route(HandlerType.POST, path, Access.AUTHENTICATED, summary, h);
  }

  public static Route put(String path, String summary, Handler h) {
    return new Route(HandlerType.PUT, path, Access.AUTHENTICATED, summary, h);
  }

  public static Route delete(String path, String summary, Handler h) {
    return new Route(HandlerType.DELETE, path, Access.AUTHENTICATED, summary, h);
  }

  public Route forAgents() {
    return new Route(method, path, Access.AGENT, summary, handler);
  }

  public Route open() {
    return new Route(method, path, Access.PUBLIC, summary, handler);
  }
}
