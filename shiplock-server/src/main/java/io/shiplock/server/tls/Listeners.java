package io.shiplock.server.tls;

import io.javalin.config.JavalinConfig;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where the server listens: plain HTTP, or HTTPS with the server's identity and, when asked, a
 * plain HTTP port that redirects to it. The HTTPS connector is added first: Javalin reports the
 * first connector's port as the server's.
 */
public final class Listeners {
  private Listeners() {}

  /** Plain HTTP on {@code host:port} ({@code 0}: a free port). */
  public static Consumer<JavalinConfig> plain(String host, int port) {
    return config -> {
      config.jetty.host = host;
      config.jetty.port = port;
    };
  }

  /** HTTPS on {@code host:port}; with {@code redirectPort > 0}, plain HTTP there redirects. */
  public static Consumer<JavalinConfig> https(
      String host, int port, ServerIdentity identity, int redirectPort) {
    AtomicReference<ServerConnector> secure = new AtomicReference<>();
    return config -> {
      config.jetty.addConnector(
          (server, http) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(identity.keyStore());
            ssl.setKeyStorePassword(ServerIdentity.password());
            ssl.setCertAlias(ServerIdentity.ALIAS);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            // One certificate, whose names clients check themselves; a proxy or an address the
            // certificate does not list (an agent reaching a node by IP) must not turn into 400s.
            customizer.setSniHostCheck(false);
            https.addCustomizer(customizer);
            ServerConnector c =
                new ServerConnector(
                    server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
            c.setHost(host);
            c.setPort(port);
            secure.set(c);
            return c;
          });
      if (redirectPort > 0) {
        config.jetty.addConnector(
            (server, http) -> {
              ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
              c.setHost(host);
              c.setPort(redirectPort);
              return c;
            });
        // Javalin puts its handlers inside a wrapper it finds on the server.
        config.jetty.modifyServer(
            server -> server.setHandler(new PlainHttpRedirect(() -> secure.get().getLocalPort())));
      }
    };
  }
}
