package io.shiplock.server.sources;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.util.Locale;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * JGit's HTTP connections for one source, refused for any address but the source's own host and
 * port: JGit follows redirects by opening a new connection, so a redirect to another host or port
 * (an internal service, a metadata address) fails here before a byte is sent.
 */
final class SameOrigin implements HttpConnectionFactory2 {
  private final HttpConnectionFactory delegate;
  private final SourceAccess.Origin origin;

  SameOrigin(HttpConnectionFactory delegate, SourceAccess.Origin origin) {
    this.delegate = delegate;
    this.origin = origin;
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    check(url);
    return delegate.create(url);
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    check(url);
    return delegate.create(url, proxy);
  }

  @Override
  public GitSession newSession() {
    if (delegate instanceof HttpConnectionFactory2 d) return d.newSession();
    return new GitSession() {
      @Override
      public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
        return connection;
      }

      @Override
      public void close() {}
    };
  }

  private void check(URL url) throws SourceFailure {
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort() > 0 ? url.getPort() : url.getDefaultPort();
    if (!host.equals(origin.host()) || port != origin.port())
      throw new SourceFailure(
          "redirected from "
              + origin.host()
              + ":"
              + origin.port()
              + " to "
              + host
              + ":"
              + port
              + ", another host or port: refused");
  }
}
