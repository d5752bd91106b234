package io.shiplock.server.backup;

import io.shiplock.store.DatabaseDump;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a backup and refuses one that is not whole: cut short, a byte changed, an entry missing or
 * added, a manifest from another format. Every refusal names the file and what is wrong with it.
 */
public final class BackupArchive {
  private static final Pattern BLOB = Pattern.compile("blobs/([0-9a-f]{2})/(\\1[0-9a-f]{62})");
  private static final Set<String> STORES = Set.of("sqlite", "h2", "postgresql");

  private BackupArchive() {}

  /** A backup that cannot be used, and why. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** Reads and checks the manifest only: the entries are checked by {@link #verify}. */
  public static Manifest manifest(Path file) {
    try (ZipFile zip = open(file)) {
      return manifest(file, zip);
    } catch (IOException e) {
      throw new Refused("the backup " + file + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * Checks every entry against the manifest (size and sha256), and that nothing is missing or
   * added; with {@code into}, extracts the entries there as they are read. The manifest.
   */
  public static Manifest verify(Path file, Path into) {
    try (ZipFile zip = open(file)) {
      Manifest m = manifest(file, zip);
      Set<String> listed = new HashSet<>();
      for (Manifest.Entry e : m.entries()) listed.add(e.name());
      for (ZipEntry z : zip.stream().toList()) {
        String name = z.getName();
        if (!name.equals(Manifest.NAME) && !listed.contains(name))
          throw damaged(file, "it holds " + name + ", which its manifest does not list");
      }
      for (Manifest.Entry e : m.entries()) check(file, zip, e, into);
      return m;
    } catch (IOException e) {
      throw new Refused("the backup " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static ZipFile open(Path file) {
    if (!Files.isRegularFile(file)) throw new Refused("there is no backup file " + file);
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      // The zip directory is at the end of the file: a copy cut short has none.
      if (String.valueOf(e.getMessage()).contains("END header not found"))
        throw new Refused(
            "the backup "
                + file
                + " is truncated or is not a Shiplock backup: the end of its zip archive is"
                + " missing (a copy or download cut short?); take the backup again");
      throw damaged(file, "its zip directory cannot be read (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new Refused("the backup " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static Manifest manifest(Path file, ZipFile zip) {
    ZipEntry entry = zip.getEntry(Manifest.NAME);
    if (entry == null)
      throw new Refused(
          "the backup " + file + " has no " + Manifest.NAME + ": it is not a Shiplock backup");
    Manifest m;
    try (InputStream in = zip.getInputStream(entry)) {
      m = Manifest.parse(in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      throw damaged(file, "its manifest cannot be read (" + e.getMessage() + ")");
    }
    if (m.format() != Manifest.FORMAT)
      throw new Refused(
          "the backup "
              + file
              + " is in format "
              + m.format()
              + " (written by Shiplock "
              + m.shiplockVersion()
              + "); this Shiplock reads format "
              + Manifest.FORMAT);
    if (m.store() == null || !STORES.contains(m.store()))
      throw damaged(file, "its manifest names no known store kind ('" + m.store() + "')");
    if (m.entries() == null) throw damaged(file, "its manifest lists no entries");
    Map<String, Integer> seen = new HashMap<>();
    String dbName = "database/" + DatabaseDump.fileName(m.store());
    for (Manifest.Entry e : m.entries()) {
      if (e == null || e.name() == null || e.sha256() == null)
        throw damaged(file, "its manifest has an entry without a name or sha256");
      // Only the names a backup writes: an entry can never land outside the restore's directory.
      if (!e.name().equals(dbName) && !BLOB.matcher(e.name()).matches())
        throw damaged(file, "its manifest lists an unexpected entry '" + e.name() + "'");
      if (seen.merge(e.name(), 1, Integer::sum) > 1)
        throw damaged(file, "its manifest lists " + e.name() + " twice");
    }
    if (!seen.containsKey(dbName))
      throw damaged(file, "its manifest lists no database (" + dbName + ")");
    return m;
  }

  private static void check(Path file, ZipFile zip, Manifest.Entry e, Path into)
      throws IOException {
    ZipEntry entry = zip.getEntry(e.name());
    if (entry == null) throw damaged(file, "its entry " + e.name() + " is missing");
    MessageDigest sha = BackupWriter.sha256();
    long size;
    Path target = into == null ? null : into.resolve(e.name());
    if (target != null) Files.createDirectories(target.getParent());
    try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha);
        OutputStream out =
            target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target)) {
      size = in.transferTo(out);
    } catch (ZipException | EOFException err) {
      throw damaged(file, "its entry " + e.name() + " cannot be read (" + err.getMessage() + ")");
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    if (size != e.size() || !hex.equals(e.sha256()))
      throw damaged(
          file,
          "its entry "
              + e.name()
              + " has "
              + size
              + " bytes with sha256 "
              + hex
              + ", its manifest says "
              + e.size()
              + " bytes with sha256 "
              + e.sha256());
    var blob = BLOB.matcher(e.name());
    if (blob.matches() && !blob.group(2).equals(hex))
      throw damaged(file, "its version file " + e.name() + " does not have its name's digest");
  }

  private static Refused damaged(Path file, String what) {
    return new Refused("the backup " + file + " is damaged: " + what + "; use another backup");
  }
}
