package io.shiplock.server;

import io.shiplock.server.sources.SourceAccess;
import java.nio.file.Path;

/**
 * How to run a server. {@code dbUrl == null} means the embedded SQLite store under {@code home}.
 * {@code adminPassword == null} means: generate one on first start and print it once. {@code
 * sources}: where git and registry sources may import from.
 */
public record ServerSettings(
    String host,
    int port,
    Path home,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String adminPassword,
    SourceAccess sources) {
  public ServerSettings withSources(SourceAccess access) {
    return new ServerSettings(host, port, home, dbUrl, dbUser, dbPassword, adminPassword, access);
  }
}
