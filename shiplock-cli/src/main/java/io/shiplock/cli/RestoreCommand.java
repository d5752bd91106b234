package io.shiplock.cli;

import io.shiplock.server.backup.BackupArchive;
import io.shiplock.server.backup.Manifest;
import io.shiplock.server.backup.Restore;
import io.shiplock.store.DatabaseConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restores a backup (shiplock backup) into an empty home (the embedded store) or an empty"
            + " PostgreSQL database, offline: no server runs on the target. The backup is checked"
            + " whole, and the key against it, before anything is written.")
final class RestoreCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
  Path from;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "The new home: absent or empty (a secret.key alone is allowed). It receives the embedded"
              + " store, the version files and the key given with --key.")
  Path home;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "An empty PostgreSQL database (jdbc:postgresql://…) for a backup of a PostgreSQL store;"
              + " user and password from $SHIPLOCK_DB_USER / $SHIPLOCK_DB_PASSWORD or the URL.")
  String db;

  @Option(
      names = "--blobs",
      paramLabel = "DIR",
      description = "Where the version files go (default: the home's blobs).")
  Path blobs;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "The backed-up server's secret key (its secret.key; default: $SHIPLOCK_SECRET_KEY or"
              + " the home's secret.key). It must match the backup's; it is copied into the home.")
  Path key;

  @Override
  public Integer call() {
    DatabaseConfig target = null;
    if (db != null) {
      target =
          new DatabaseConfig(
              db, System.getenv("SHIPLOCK_DB_USER"), System.getenv("SHIPLOCK_DB_PASSWORD"));
      if (!db.startsWith("jdbc:postgresql:"))
        throw new CliException(
            "--db takes a PostgreSQL URL (jdbc:postgresql://HOST:PORT/DB); the embedded store is"
                + " restored with --home DIR alone");
    }
    Restore.Restored r;
    try {
      r = Restore.run(from, new Restore.Target(home, target, blobs, key), System.getenv());
    } catch (BackupArchive.Refused
        | IllegalStateException
        | IllegalArgumentException
        | UncheckedIOException e) {
      throw new CliException(e.getMessage());
    }
    Manifest m = r.manifest();
    long files = m.entries().stream().filter(e -> e.name().startsWith("blobs/")).count();
    System.out.printf(
        "Restored the %s store backed up at %s (Shiplock %s, schema %s) and %d version file(s)"
            + " into %s.%n",
        m.store(),
        m.createdAt(),
        m.shiplockVersion(),
        m.schemaVersion(),
        files,
        target != null
            ? "the database "
                + db.replaceAll("password=[^&;]*", "password=****")
                + " and "
                + r.blobs()
            : home);
    System.out.println(
        "Start it with: shiplock server"
            + (home != null ? " --home " + home : "")
            + (target != null ? " --db URL" : "")
            + (blobs != null ? " --blobs " + blobs : ""));
    return 0;
  }
}
