package io.shiplock.server;

import io.shiplock.server.sources.SourceAccess;
import io.shiplock.server.tls.TlsSettings;
import java.nio.file.Path;

/**
 * How to run a server. {@code dbUrl == null} means the embedded SQLite store under {@code home}.
 * {@code adminPassword == null} means: generate one on first start and print it once. {@code
 * sources}: where git and registry sources may import from. {@code tls}: HTTPS, or plain HTTP with
 * {@link TlsSettings#NONE}.
 */
public record ServerSettings(
    String host,
    int port,
    Path home,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String adminPassword,
    SourceAccess sources,
    TlsSettings tls) {
  public ServerSettings {
    if (tls == null) tls = TlsSettings.NONE;
  }

  /** A server on plain HTTP. */
  public ServerSettings(
      String host,
      int port,
      Path home,
      String dbUrl,
      String dbUser,
      String dbPassword,
      String adminPassword,
      SourceAccess sources) {
    this(host, port, home, dbUrl, dbUser, dbPassword, adminPassword, sources, TlsSettings.NONE);
  }

  public ServerSettings withSources(SourceAccess access) {
    return new ServerSettings(
        host, port, home, dbUrl, dbUser, dbPassword, adminPassword, access, tls);
  }

  public ServerSettings withTls(TlsSettings settings) {
    return new ServerSettings(
        host, port, home, dbUrl, dbUser, dbPassword, adminPassword, sources, settings);
  }

  /** The server's base URL once it listens on {@code actualPort}. */
  public String url(int actualPort) {
    return tls.scheme() + "://" + host + ":" + actualPort;
  }
}
