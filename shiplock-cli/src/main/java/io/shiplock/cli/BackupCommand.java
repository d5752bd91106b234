package io.shiplock.cli;

import io.shiplock.server.backup.BackupArchive;
import io.shiplock.server.backup.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Takes a consistent copy of a running server's database and version files into a zip"
            + " archive with a manifest of sha256 digests (needs the security permission). The"
            + " secret key is not in it: keep the key separately.")
final class BackupCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The backup file to write; it must not exist yet.")
  Path to;

  @Override
  public Integer call() throws IOException {
    Path file = to.toAbsolutePath();
    if (Files.exists(file))
      throw new CliException(
          file + " exists already: give a new file name (a backup never overwrites one)");
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    // Written beside its place and moved there once checked whole: FILE is a complete backup or
    // absent, never the half of one.
    Path part = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
    long t0 = System.nanoTime();
    Manifest m;
    try {
      client.client().download("/api/v1/backup", part);
      try {
        m = BackupArchive.verify(part, null);
      } catch (BackupArchive.Refused e) {
        throw new CliException(
            "the server's backup did not arrive whole (the server log says why): "
                + e.getMessage());
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
    long blobs = m.entries().stream().filter(e -> e.name().startsWith("blobs/")).count();
    System.out.printf(
        "Backup of the %s store (schema %s, %d version file(s)) written to %s: %d bytes in %d ms.%n",
        m.store(),
        m.schemaVersion(),
        blobs,
        file,
        Files.size(file),
        (System.nanoTime() - t0) / 1_000_000);
    System.out.println(
        "The secret key is not in the backup: keep a copy of it apart from the backup"
            + " (the server's secret.key or SHIPLOCK_SECRET_KEY).");
    return 0;
  }
}
