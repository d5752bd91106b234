package io.shiplock.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own tools, pg_dump and pg_restore, run as processes on a JDBC URL. pg_dump reads the
 * whole database in one snapshot while the server goes on writing, and knows every object of the
 * schema (sequences, indexes, constraints) in the server's own version, which a copy written here
 * table by table would have to re-learn with every migration. The password goes to the tools in
 * their environment (PGPASSWORD), never on the command line, where other users could read it.
 */
final class PgTools {
  private PgTools() {}

  /** Where and as whom the tools connect. */
  record Target(String host, int port, String database, String user, String password, String ssl) {
    List<String> args() {
      List<String> a = new ArrayList<>(List.of("--host", host, "--port", String.valueOf(port)));
      if (user != null) a.addAll(List.of("--username", user));
      a.add("--no-password"); // never wait for a password prompt
      return a;
    }

    Map<String, String> env() {
      Map<String, String> e = new HashMap<>();
      if (password != null) e.put("PGPASSWORD", password);
      if (ssl != null) e.put("PGSSLMODE", ssl);
      e.put("PGCONNECT_TIMEOUT", "10");
      return e;
    }
  }

  /** The connection a JDBC URL and its credentials name, as pg_dump takes it. */
  static Target target(DatabaseConfig c) {
    String url = c.url();
    String rest = url.substring("jdbc:postgresql:".length());
    String host = "localhost";
    int port = 5432;
    String database;
    String query = null;
    if (rest.startsWith("//")) {
      URI uri;
      try {
        uri = new URI("postgresql:" + rest);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "cannot read the database URL for pg_dump (" + e.getReason() + ")", e);
      }
      if (uri.getHost() == null)
        throw new IllegalArgumentException(
            "the database URL names no single host (" + c + "): give pg_dump one host");
      host = uri.getHost();
      if (uri.getPort() > 0) port = uri.getPort();
      database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      query = uri.getRawQuery();
    } else {
      int q = rest.indexOf('?');
      database = q < 0 ? rest : rest.substring(0, q);
      if (q >= 0) query = rest.substring(q + 1);
    }
    Map<String, String> params = new HashMap<>();
    if (query != null)
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0)
          params.put(
              kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    if (database.isEmpty())
      throw new IllegalArgumentException("the database URL names no database (" + c + ")");
    String user = c.user() != null ? c.user() : params.get("user");
    String password = c.password() != null ? c.password() : params.get("password");
    return new Target(host, port, database, user, password, params.get("sslmode"));
  }

  static void dump(DatabaseConfig c, Path file) {
    Target t = target(c);
    run(
        command(
            "pg_dump",
            t,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            file.toString(),
            "--dbname",
            t.database()),
        t.env(),
        "pg_dump");
  }

  static void restore(DatabaseConfig c, Path file) {
    Target t = target(c);
    // One transaction: a restore that fails leaves the database as empty as it found it.
    run(
        command(
            "pg_restore",
            t,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            t.database(),
            file.toString()),
        t.env(),
        "pg_restore");
  }

  private static List<String> command(String tool, Target t, String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool(tool).toString()));
    cmd.addAll(t.args());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Refuses a database that holds any table outside PostgreSQL's own schemas. */
  static void requireEmpty(DatabaseConfig c) {
    try (Connection conn = DriverManager.getConnection(c.url(), c.user(), c.password());
        Statement s = conn.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), min(table_schema || '.' || table_name)"
                    + " FROM information_schema.tables"
                    + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                    + " AND table_schema NOT LIKE 'pg_toast%'")) {
      rs.next();
      long tables = rs.getLong(1);
      if (tables > 0)
        throw new IllegalStateException(
            "the database "
                + c
                + " is not empty ("
                + tables
                + " table(s), e.g. "
                + rs.getString(2)
                + "): restore into a new, empty database (createdb NAME)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to the target database " + c + ": " + e.getMessage(), e);
    }
  }

  /**
   * A PostgreSQL client tool on the PATH, else the newest of Debian's versioned installs (a newer
   * pg_dump reads older servers; an older one refuses newer servers).
   */
  static Path tool(String name) {
    String path = System.getenv("PATH");
    if (path != null)
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(p)) return p;
      }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (var versions = Files.list(debian)) {
        var found =
            versions
                .map(v -> v.resolve("bin").resolve(name))
                .filter(Files::isExecutable)
                .max(Comparator.comparingInt(PgTools::version));
        if (found.isPresent()) return found.get();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        name
            + " is not installed on this machine: a backup of a PostgreSQL store needs PostgreSQL's"
            + " client tools (pg_dump, pg_restore) in the database server's version or newer, on"
            + " the server node for a backup and where you restore (Debian/Ubuntu: apt-get install"
            + " postgresql-client; RHEL: dnf install postgresql)");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file the system cleans up anyway
    }
  }

  private static int version(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void run(List<String> cmd, Map<String, String> env, String what) {
    Path errors = null;
    try {
      errors = Files.createTempFile("shiplock-" + what, ".log");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(errors.toFile()));
      pb.environment().putAll(env);
      Process p = pb.start();
      int code = p.waitFor();
      if (code != 0) {
        String said = Files.readString(errors, StandardCharsets.UTF_8).strip();
        if (said.length() > 2000) said = "…" + said.substring(said.length() - 2000);
        throw new IllegalStateException(what + " failed (exit " + code + "): " + said);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    } finally {
      if (errors != null) deleteQuietly(errors);
    }
  }
}
