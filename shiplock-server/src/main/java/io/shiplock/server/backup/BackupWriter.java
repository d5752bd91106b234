package io.shiplock.server.backup;

import io.shiplock.store.DatabaseDump;
import io.shiplock.store.JdbcStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup of a running server as a zip archive: the database's consistent copy ({@link
 * DatabaseDump}), then every version file, then the manifest. The database is copied first: version
 * files are written before any row names them and are never deleted, so every file the copy names
 * is in the directory when it is read afterwards (files added since are extra, and harmless).
 */
public final class BackupWriter {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private final JdbcStore store;
  private final Path blobs;
  private final String version;
  private final Clock clock;

  public BackupWriter(JdbcStore store, Path blobs, String version, Clock clock) {
    this.store = store;
    this.blobs = blobs;
    this.version = version;
    this.clock = clock;
  }

  /** Writes the archive to {@code out} (left open); its manifest. */
  public Manifest write(OutputStream out) throws IOException {
    String createdAt = clock.instant().toString();
    Path tmp = Files.createTempDirectory("shiplock-backup");
    try {
      DatabaseDump.Taken db = DatabaseDump.take(store, tmp);
      // Finished, not closed: the caller owns the stream.
      ZipOutputStream zip = new ZipOutputStream(out);
      // Speed over size: the dump compresses well at any level; version files are often
      // compressed already.
      zip.setLevel(Deflater.BEST_SPEED);
      List<Manifest.Entry> entries = new ArrayList<>();
      entries.add(add(zip, "database/" + db.file().getFileName(), db.file(), null));
      for (Path blob : blobFiles()) {
        String hex = blob.getFileName().toString();
        entries.add(add(zip, "blobs/" + hex.substring(0, 2) + "/" + hex, blob, hex));
      }
      Manifest m =
          new Manifest(
              Manifest.FORMAT,
              version,
              db.store(),
              db.schemaVersion(),
              createdAt,
              db.keyFingerprint(),
              List.copyOf(entries));
      zip.putNextEntry(new ZipEntry(Manifest.NAME));
      zip.write(m.toJson());
      zip.closeEntry();
      zip.finish();
      zip.flush();
      return m;
    } finally {
      Restore.deleteTree(tmp);
    }
  }

  /** The content-addressed files ({@code xx/<sha256>}); temporary uploads are left out. */
  private List<Path> blobFiles() throws IOException {
    if (!Files.isDirectory(blobs)) return List.of();
    try (Stream<Path> paths = Files.walk(blobs, 2)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(p -> HEX.matcher(p.getFileName().toString()).matches())
          .filter(
              p ->
                  p.getParent()
                      .getFileName()
                      .toString()
                      .equals(p.getFileName().toString().substring(0, 2)))
          .sorted()
          .toList();
    }
  }

  /**
   * Adds one file, hashing it as it goes; a version file whose content no longer has its name's
   * digest is damaged on this server, and the backup says so instead of copying the damage.
   */
  private static Manifest.Entry add(ZipOutputStream zip, String name, Path file, String expected)
      throws IOException {
    MessageDigest sha = sha256();
    zip.putNextEntry(new ZipEntry(name));
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      size = in.transferTo(zip);
    }
    zip.closeEntry();
    String hex = HexFormat.of().formatHex(sha.digest());
    if (expected != null && !expected.equals(hex))
      throw new IOException(
          "the version file "
              + file
              + " is damaged on this server: its content's sha256 is "
              + hex
              + "; restore it from an earlier backup or upload the version again");
    return new Manifest.Entry(name, size, hex);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
