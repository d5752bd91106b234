package io.shiplock.cli;

import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.StartRefused;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.server.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "Runs the Shiplock server (embedded SQLite store by default, PostgreSQL with --db).")
final class ServerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "HTTP port (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--host",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "Home directory: embedded database and secret key (default: $SHIPLOCK_HOME or ~/.shiplock).")
  Path home;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "JDBC URL of a PostgreSQL database (default: $SHIPLOCK_DB_URL, else the embedded store). User and password from $SHIPLOCK_DB_USER / $SHIPLOCK_DB_PASSWORD or the URL.")
  String db;

  @Option(
      names = "--db-pool-size",
      paramLabel = "N",
      description =
          "Connections this node keeps to its database, 2-200 (default: $SHIPLOCK_DB_POOL_SIZE,"
              + " else 16 to PostgreSQL, 8 to H2; the embedded store has its own).")
  Integer dbPoolSize;

  @Option(
      names = "--source-root",
      paramLabel = "DIR",
      description =
          "Directory under which file:// git sources may be read (default: $SHIPLOCK_SOURCE_ROOT;"
              + " without one, file:// sources are refused).")
  Path sourceRoot;

  @Option(
      names = "--source-schemes",
      paramLabel = "LIST",
      description =
          "Schemes git and registry sources may use, comma-separated, of https, http, ssh, git"
              + " (default: $SHIPLOCK_SOURCE_SCHEMES, else all four).")
  String sourceSchemes;

  @Option(
      names = "--source-hosts",
      paramLabel = "LIST",
      description =
          "Hosts sources may reach, comma-separated: host, host:port or *.domain (default:"
              + " $SHIPLOCK_SOURCE_HOSTS, else any host). Redirects to another host or port are"
              + " refused either way.")
  String sourceHosts;

  @Option(
      names = "--blobs",
      paramLabel = "DIR",
      description =
          "Directory for version files (default: $SHIPLOCK_BLOBS_DIR, else the home's blobs). Nodes"
              + " of one database share it: give each the same mounted directory.")
  Path blobs;

  @Option(
      names = "--migrate-with-live-nodes",
      description =
          "Migrate the database's schema even while other nodes run on it (default: refuse, or"
              + " $SHIPLOCK_MIGRATE_WITH_LIVE_NODES=true). Only when the release notes say the"
              + " running version works on the new schema.")
  boolean migrateWithLiveNodes;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description =
          "Serve HTTPS on --port with this PEM certificate chain, the server's own certificate"
              + " first (default: $SHIPLOCK_TLS_CERT). With --tls-key.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description =
          "The certificate's private key, unencrypted PEM: PKCS#8, PKCS#1 RSA or EC (default:"
              + " $SHIPLOCK_TLS_KEY).")
  Path tlsKey;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description =
          "Serve HTTPS with the key and certificate chain of this PKCS#12 keystore instead"
              + " (default: $SHIPLOCK_TLS_KEYSTORE); its password only from"
              + " $SHIPLOCK_TLS_KEYSTORE_PASSWORD, never on the command line.")
  Path tlsKeystore;

  @Option(
      names = "--http-redirect-port",
      paramLabel = "PORT",
      description =
          "With TLS: plain HTTP on this port is redirected (308) to https; /healthz and /readyz"
              + " answer there as they are (default: $SHIPLOCK_HTTP_REDIRECT_PORT).")
  Integer httpRedirectPort;

  @Option(
      names = "--stop-when-ready",
      hidden = true,
      description =
          "Start, answer a probe and the login page, then stop: the launcher's training run for"
              + " the JVM's start-up cache (./shiplock, docs/benchmarks.md).")
  boolean stopWhenReady;

  static Path defaultHome() {
    String env = System.getenv("SHIPLOCK_HOME");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".shiplock");
  }

  ServerSettings settings() {
    String url = db != null ? db : System.getenv("SHIPLOCK_DB_URL");
    // Options win over the environment's SHIPLOCK_* values.
    Map<String, String> env = new HashMap<>(System.getenv());
    if (sourceRoot != null) env.put("SHIPLOCK_SOURCE_ROOT", sourceRoot.toString());
    if (sourceSchemes != null) env.put("SHIPLOCK_SOURCE_SCHEMES", sourceSchemes);
    if (sourceHosts != null) env.put("SHIPLOCK_SOURCE_HOSTS", sourceHosts);
    if (tlsCert != null) env.put("SHIPLOCK_TLS_CERT", tlsCert.toString());
    if (tlsKey != null) env.put("SHIPLOCK_TLS_KEY", tlsKey.toString());
    if (tlsKeystore != null) env.put("SHIPLOCK_TLS_KEYSTORE", tlsKeystore.toString());
    if (httpRedirectPort != null)
      env.put("SHIPLOCK_HTTP_REDIRECT_PORT", httpRedirectPort.toString());
    SourceAccess access;
    TlsSettings tls;
    try {
      access = SourceAccess.from(env);
      tls = TlsSettings.from(env);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    return new ServerSettings(
        host,
        port,
        home != null ? home : defaultHome(),
        url == null || url.isBlank() ? null : url,
        System.getenv("SHIPLOCK_DB_USER"),
        System.getenv("SHIPLOCK_DB_PASSWORD"),
        System.getenv("SHIPLOCK_ADMIN_PASSWORD"),
        access,
        tls);
  }

  static ShiplockServer startAndAnnounce(ServerSettings settings, Map<String, String> env) {
    long t0 = System.nanoTime();
    ShiplockServer server;
    try {
      server = ShiplockServer.start(settings, env);
    } catch (StartRefused e) {
      throw new CliException(e.getMessage());
    }
    String url = settings.url(server.port());
    System.out.printf(
        "Shiplock %s ready at %s in %d ms (%s store, home %s)%n",
        ShiplockServer.VERSION,
        url,
        (System.nanoTime() - t0) / 1_000_000,
        server.store().dialect(),
        settings.home());
    server
        .createdAdminPassword()
        .ifPresent(
            pw -> {
              if (System.getenv("SHIPLOCK_ADMIN_PASSWORD") == null) {
                System.out.println("Created user 'admin' with password: " + pw);
                System.out.println(
                    "(shown once; log in with: shiplock login --server "
                        + url
                        + " --user admin --password-stdin)");
              } else {
                System.out.println(
                    "Created user 'admin' with the password from SHIPLOCK_ADMIN_PASSWORD");
              }
            });
    return server;
  }

  /**
   * The server's environment: the process's, with what the options say over it. The demo starts its
   * server with it too.
   */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (blobs != null) env.put("SHIPLOCK_BLOBS_DIR", blobs.toString());
    if (migrateWithLiveNodes) env.put("SHIPLOCK_MIGRATE_WITH_LIVE_NODES", "true");
    if (dbPoolSize != null) env.put("SHIPLOCK_DB_POOL_SIZE", dbPoolSize.toString());
    return env;
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings = settings();
    ShiplockServer server = startAndAnnounce(settings, environment());
    if (stopWhenReady) {
      try (server) {
        for (String path : List.of("/readyz", "/ui/login")) get(settings.url(server.port()) + path);
      }
      return 0;
    }
    awaitShutdown(server);
    return 0;
  }

  /** One GET that must answer 2xx, its body read and dropped (the training run's requests). */
  private static void get(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(10_000);
      c.setReadTimeout(30_000);
      int code = c.getResponseCode();
      if (code / 100 != 2)
        throw new CliException("the training run's GET " + url + " answered " + code);
      try (InputStream in = c.getInputStream()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      throw new CliException("the training run could not reach " + url + ": " + e.getMessage());
    }
  }

  static void awaitShutdown(ShiplockServer server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
