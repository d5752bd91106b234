package io.shiplock.server.backup;

import io.shiplock.core.security.SecretBox;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.DatabaseDump;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Restores a backup into an empty target, offline: a home (the embedded store, its version files
 * and key) or an empty PostgreSQL database (with the version files into a home or a blobs
 * directory). The backup is checked whole before anything is written, and the key given must be the
 * one the backup's secure values were encrypted with: the key is never in a backup.
 */
public final class Restore {
  private Restore() {}

  /**
   * Where to restore: {@code home} (required for the embedded store), {@code db} (PostgreSQL),
   * {@code blobs} (version files; default the home's {@code blobs}), {@code keyFile} (the secret
   * key the backed-up server used; default {@code SHIPLOCK_SECRET_KEY} or the home's {@code
   * secret.key}).
   */
  public record Target(Path home, DatabaseConfig db, Path blobs, Path keyFile) {}

  /** What was restored. */
  public record Restored(Manifest manifest, Path blobs) {}

  public static Restored run(Path from, Target t, Map<String, String> env) {
    Manifest m = BackupArchive.manifest(from);
    boolean postgres = m.store().equals("postgresql");
    if (postgres && t.db() == null)
      throw new BackupArchive.Refused(
          "this backup is of a PostgreSQL store: restore it into an empty database with --db URL");
    if (!postgres && t.db() != null)
      throw new BackupArchive.Refused(
          "this backup is of the embedded store ("
              + m.store()
              + "): restore it into an empty home with --home DIR, without --db");
    if (t.home() == null && (!postgres || t.blobs() == null))
      throw new BackupArchive.Refused(
          postgres
              ? "give --home DIR (the node's home) or --blobs DIR for the backup's version files"
              : "give --home DIR: the new home of the restored store");
    if (t.home() != null) requireEmptyHome(t.home());
    Path blobs = t.blobs() != null ? t.blobs() : t.home().resolve("blobs");
    if (postgres) DatabaseDump.requireEmptyPostgres(t.db());
    byte[] key = checkKey(m, t, env);

    Path staging = null;
    boolean homeExisted = t.home() != null && Files.exists(t.home());
    try {
      staging =
          t.home() != null
              ? Files.createDirectories(t.home().resolve(".restoring"))
              : Files.createTempDirectory("shiplock-restore");
      BackupArchive.verify(from, staging);
      Path dump = staging.resolve(m.database().name());
      if (postgres) DatabaseDump.restorePostgres(dump, t.db());
      else DatabaseDump.restoreEmbedded(m.store(), dump, t.home());
      moveBlobs(staging.resolve("blobs"), blobs);
      if (t.keyFile() != null && t.home() != null) keepKey(key, t.home().resolve("secret.key"));
      return new Restored(m, blobs);
    } catch (IOException e) {
      undo(t, homeExisted);
      throw new UncheckedIOException("the restore failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      undo(t, homeExisted);
      throw e;
    } finally {
      if (staging != null) deleteTree(staging);
    }
  }

  /** A home that held nothing before leaves nothing behind when a restore into it fails. */
  private static void undo(Path home, boolean existed) {
    if (home == null || !Files.exists(home)) return;
    try (Stream<Path> in = Files.list(home)) {
      for (Path p : in.toList())
        if (!p.getFileName().toString().equals("secret.key")) deleteTree(p);
      if (!existed) deleteTree(home);
    } catch (IOException | UncheckedIOException e) {
      // what is left is named by the next attempt's "not empty" refusal
    }
  }

  private static void undo(Target t, boolean homeExisted) {
    undo(t.home(), homeExisted);
  }

  /** Empty, or absent, or holding only the secret key put there for the restore. */
  private static void requireEmptyHome(Path home) {
    if (!Files.exists(home)) return;
    if (!Files.isDirectory(home))
      throw new BackupArchive.Refused("the home " + home + " is a file, not a directory");
    List<String> held = list(home);
    held.remove("secret.key");
    if (!held.isEmpty())
      throw new BackupArchive.Refused(
          "the home "
              + home
              + " is not empty (it holds "
              + String.join(", ", held.subList(0, Math.min(5, held.size())))
              + (held.size() > 5 ? ", …" : "")
              + "): restore into a new or empty directory; nothing was changed");
  }

  private static List<String> list(Path dir) {
    try (Stream<Path> in = Files.list(dir)) {
      return new ArrayList<>(in.map(p -> p.getFileName().toString()).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  /**
   * The key for the restored store, checked against the fingerprint the backed-up database holds
   * before anything is written: a store restored with another key would hold secure values nobody
   * can decrypt, and its server would refuse to start.
   */
  private static byte[] checkKey(Manifest m, Target t, Map<String, String> env) {
    String source;
    String base64;
    try {
      if (t.keyFile() != null) {
        source = t.keyFile().toString();
        base64 = Files.readString(t.keyFile());
      } else if (env.get("SHIPLOCK_SECRET_KEY") != null
          && !env.get("SHIPLOCK_SECRET_KEY").isBlank()) {
        source = "SHIPLOCK_SECRET_KEY";
        base64 = env.get("SHIPLOCK_SECRET_KEY");
      } else if (t.home() != null && Files.exists(t.home().resolve("secret.key"))) {
        source = t.home().resolve("secret.key").toString();
        base64 = Files.readString(t.home().resolve("secret.key"));
      } else if (m.keyFingerprint() == null) {
        return null; // the backed-up server never stored a key's fingerprint: any key will do
      } else {
        throw new BackupArchive.Refused(
            "this backup's secure values are encrypted with a secret key that is not in the"
                + " backup (fingerprint "
                + shortPrint(m.keyFingerprint())
                + "): give that key with --key FILE (a copy of the backed-up server's"
                + " secret.key) or SHIPLOCK_SECRET_KEY");
      }
    } catch (IOException e) {
      throw new BackupArchive.Refused("cannot read the key file " + t.keyFile() + ": " + e);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != 32)
      throw new BackupArchive.Refused(
          "the secret key from " + source + " is not the base64 of 32 bytes");
    if (m.keyFingerprint() != null) {
      String mine = new SecretBox(List.of(key)).fingerprint();
      if (!mine.equals(m.keyFingerprint()))
        throw new BackupArchive.Refused(
            "the secret key from "
                + source
                + " does not match this backup: its secure values were encrypted with another key"
                + " (fingerprint "
                + shortPrint(m.keyFingerprint())
                + ", this key's is "
                + shortPrint(mine)
                + "); give the key of the backed-up server. Nothing was changed.");
    }
    return key;
  }

  private static String shortPrint(String fingerprint) {
    return fingerprint.length() > 16 ? fingerprint.substring(0, 16) + "…" : fingerprint;
  }

  private static void keepKey(byte[] key, Path file) throws IOException {
    if (key == null || Files.exists(file)) return;
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "secret", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system; the directory's permissions protect the key
    }
    Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void moveBlobs(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) return;
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.exists(target)) continue; // the same content: named by its digest
        Files.createDirectories(target.getParent());
        Files.move(f, target);
      }
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
