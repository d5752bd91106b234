package io.shiplock.server;

import java.nio.file.Path;

/**
 * How to run a server. {@code dbUrl == null} means the embedded SQLite store under {@code home}.
 * {@code adminPassword == null} means: generate one on first start and print it once.
 */
public record ServerSettings(
    String host,
    int port,
    Path home,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String adminPassword) {
  public static ServerSettings defaults(Path home) {
    return new ServerSettings("127.0.0.1", 8080, home, null, null, null, null);
  }

  public ServerSettings withPort(int p) {
    return new ServerSettings(host, p, home, dbUrl, dbUser, dbPassword, adminPassword);
  }

  public ServerSettings withAdminPassword(String password) {
    return new ServerSettings(host, port, home, dbUrl, dbUser, dbPassword, password);
  }

  public ServerSettings withDb(String url) {
    return new ServerSettings(host, port, home, url, dbUser, dbPassword, adminPassword);
  }
}
