package io.shiplock.agent.files;

import io.shiplock.agent.step.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts zip files into one directory, with the two refusals an agent owes its host: an entry
 * whose name leaves the directory (zip-slip: {@code ../x}, {@code /etc/x}, {@code C:\x}) fails the
 * whole zip before anything is written, and the bytes written by the step are bounded, counted as
 * they are inflated (a zip's declared sizes can lie).
 */
final class Unzipper {
  private final Path dir;
  private final Selection selection;
  private final boolean overwrite;
  private final long maxBytes;
  private long bytes;
  private int files;
  private int skipped;

  Unzipper(Path dir, Selection selection, boolean overwrite, long maxBytes) {
    this.dir = dir;
    this.selection = selection;
    this.overwrite = overwrite;
    this.maxBytes = maxBytes;
  }

  long bytes() {
    return bytes;
  }

  int files() {
    return files;
  }

  int skipped() {
    return skipped;
  }

  /** Why an entry name may not be extracted, or null: the pure zip-slip rule. */
  static String nameProblem(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/")) return "an absolute path";
    if (n.length() > 1 && n.charAt(1) == ':') return "a drive letter";
    for (String part : n.split("/"))
      if (part.equals("..")) return "a '..' that leaves the directory";
    if (n.indexOf('\0') >= 0) return "a NUL character";
    return null;
  }

  void check(Path zip, ZipFile z) {
    long declared = bytes;
    for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
      ZipEntry e = en.nextElement();
      String problem = nameProblem(e.getName());
      if (problem == null && !target(e).startsWith(dir)) problem = "a path outside the directory";
      if (problem != null)
        throw new StepFailure(
            "refused " + zip + ": entry '" + e.getName() + "' has " + problem + " (zip-slip)");
      if (e.getSize() > 0) declared += e.getSize();
    }
    if (declared > maxBytes) throw tooBig(zip);
  }

  void extract(Path zip, ZipFile z) throws IOException {
    for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
      ZipEntry e = en.nextElement();
      Path target = target(e);
      if (e.isDirectory()) {
        Files.createDirectories(target);
        continue;
      }
      if (!selection.selects(relative(e))) continue;
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (!overwrite) {
          skipped++;
          continue;
        }
        // Deleted, not truncated: a link left there must not carry the write elsewhere.
        Files.delete(target);
      }
      Files.createDirectories(target.getParent());
      try (InputStream in = z.getInputStream(e);
          OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
        copy(zip, in, out);
      } catch (StepFailure tooBig) {
        Files.deleteIfExists(target);
        throw tooBig;
      }
      if (e.getLastModifiedTime() != null)
        Files.setLastModifiedTime(target, e.getLastModifiedTime());
      files++;
    }
  }

  private void copy(Path zip, InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      bytes += n;
      if (bytes > maxBytes) throw tooBig(zip);
      out.write(buffer, 0, n);
    }
  }

  private StepFailure tooBig(Path zip) {
    return new StepFailure(
        "refused "
            + zip
            + ": it expands to more than "
            + maxBytes
            + " bytes, the limit of one files.unzip step (a zip bomb?)");
  }

  private static String relative(ZipEntry e) {
    String n = e.getName().replace('\\', '/');
    while (n.startsWith("./")) n = n.substring(2);
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private Path target(ZipEntry e) {
    return dir.resolve(relative(e)).normalize();
  }
}
