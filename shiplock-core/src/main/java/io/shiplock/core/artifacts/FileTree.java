package io.shiplock.core.artifacts;

import io.shiplock.core.store.VersionFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A directory as version files: relative paths with forward slashes, content digests, executable
 * bits. Shared by the CLI (which uploads), the server (which checks paths) and the agent (which
 * writes files back), so all three agree on what a path may be.
 */
public final class FileTree {
  /** Directories that are never a version's content. */
  private static final Set<String> SKIPPED = Set.of(".git", ".svn", ".hg");

  private FileTree() {}

  /** A file found on disk with its version-file description. */
  public record Found(Path file, VersionFile entry) {}

  /** Why a path cannot be a version file's path, or null when it can. */
  public static String pathProblem(String path) {
    if (path == null || path.isEmpty()) return "a file path is empty";
    if (path.length() > 1024) return "file path longer than 1024 characters: " + path;
    if (path.startsWith("/") || path.contains("\\") || path.contains("\0"))
      return "file path must be relative, with forward slashes: " + path;
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals(".."))
        return "file path may not contain empty, '.' or '..' parts: " + path;
    }
    return null;
  }

  /** Every regular file under {@code dir}, in path order; symbolic links are not followed. */
  public static List<Found> scan(Path dir) throws IOException {
    List<Found> out = new ArrayList<>();
    Path root = dir.toAbsolutePath().normalize();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return !d.equals(root) && SKIPPED.contains(d.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;
            String rel = root.relativize(f).toString().replace('\\', '/');
            out.add(
                new Found(f, new VersionFile(rel, digest(f), attrs.size(), Files.isExecutable(f))));
            return FileVisitResult.CONTINUE;
          }
        });
    out.sort(Comparator.comparing(x -> x.entry().path()));
    return out;
  }

  /** {@code sha256:} and the hex SHA-256 of a file's content. */
  public static String digest(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int r;
      while ((r = in.read(buf)) > 0) sha.update(buf, 0, r);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
