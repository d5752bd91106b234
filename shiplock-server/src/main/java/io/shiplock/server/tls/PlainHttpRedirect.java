package io.shiplock.server.tls;

import java.util.Set;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Plain HTTP requests are redirected to the same URL on https, with 308 so that a method and body
 * are kept (a 301 turns a POST into a GET). Health probes are answered as they are: load balancers
 * and orchestrators often probe plain HTTP, and these answers carry no secret and need no token.
 */
final class PlainHttpRedirect extends Handler.Wrapper {
  private static final Set<String> PLAIN = Set.of("/healthz", "/readyz");
  private final IntSupplier httpsPort;

  PlainHttpRedirect(IntSupplier httpsPort) {
    this.httpsPort = httpsPort;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.isSecure() || PLAIN.contains(request.getHttpURI().getPath()))
      return super.handle(request, response, callback);
    String location =
        HttpURI.build(request.getHttpURI()).scheme("https").port(httpsPort.getAsInt()).asString();
    Response.sendRedirect(
        request, response, callback, HttpStatus.PERMANENT_REDIRECT_308, location, true);
    return true;
  }
}
