package io.shiplock.cli;

import io.shiplock.agent.ServerTrust;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the server is and who we are: flags, then environment, then what login stored. */
final class ClientOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Server URL (default: $SHIPLOCK_SERVER, the one you logged in to, or "
              + DEFAULT_SERVER
              + ").")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token (default: $SHIPLOCK_TOKEN or the one stored by 'shiplock login').")
  String token;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "For an https server: trust the CAs of this PEM file instead of the system's (default:"
              + " $SHIPLOCK_CA).")
  Path ca;

  String server() {
    if (server != null) return strip(server);
    String env = System.getenv("SHIPLOCK_SERVER");
    if (env != null && !env.isBlank()) return strip(env);
    return Credentials.load()
        .map(Credentials.Stored::server)
        .map(ClientOptions::strip)
        .orElse(DEFAULT_SERVER);
  }

  String token() {
    if (token != null) return token;
    String env = System.getenv("SHIPLOCK_TOKEN");
    if (env != null && !env.isBlank()) return env;
    return Credentials.load().map(Credentials.Stored::token).orElse(null);
  }

  ApiClient client() {
    return new ApiClient(server(), token(), trust(ca, null));
  }

  /** Which https servers to believe: {@code ca}, else $SHIPLOCK_CA, else the system's CAs. */
  static ServerTrust trust(Path ca, String pin) {
    Path file = ca;
    String env = System.getenv("SHIPLOCK_CA");
    if (file == null && env != null && !env.isBlank()) file = Path.of(env);
    try {
      return file == null && pin == null ? ServerTrust.system() : ServerTrust.of(file, pin);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
