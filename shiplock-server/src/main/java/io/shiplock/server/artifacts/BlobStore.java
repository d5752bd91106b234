package io.shiplock.server.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed file store under {@code home/blobs}: each content once, named by its SHA-256,
 * however many versions contain it. A blob is written to a temporary file, checked against the
 * digest it claims and moved into place atomically, so a reader never sees half a blob and a wrong
 * upload never lands.
 */
public final class BlobStore {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private final Path root;

  public BlobStore(Path root) {
    this.root = root;
  }

  public static boolean isDigest(String d) {
    return d != null && DIGEST.matcher(d).matches();
  }

  public boolean has(String digest) {
    return isDigest(digest) && Files.isRegularFile(path(digest));
  }

  public Optional<Path> find(String digest) {
    return has(digest) ? Optional.of(path(digest)) : Optional.empty();
  }

  /**
   * Stores a stream that should have the given digest; returns false (and keeps nothing) when the
   * content does not match it or exceeds {@code maxBytes}.
   */
  public boolean put(String digest, InputStream in, long maxBytes) throws IOException {
    if (!isDigest(digest)) throw new IllegalArgumentException("not a sha256 digest: " + digest);
    if (has(digest)) {
      // Stored already: the upload is still checked, so a wrong content is refused every time,
      // not only the first.
      MessageDigest sha = sha256();
      long n;
      try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
        n = copy(in, out, maxBytes);
      }
      return n >= 0 && digest.equals("sha256:" + HexFormat.of().formatHex(sha.digest()));
    }
    Path target = path(digest);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
    try {
      MessageDigest sha = sha256();
      long n;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        n = copy(in, out, maxBytes);
      }
      if (n < 0 || !digest.equals("sha256:" + HexFormat.of().formatHex(sha.digest()))) return false;
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Stores a stream whose digest is not known yet (an import): hashed while it is written, then
   * moved into place under its digest, or dropped when that content is there already.
   */
  public String add(InputStream in) throws IOException {
    Files.createDirectories(root);
    Path tmp = Files.createTempFile(root, ".import-", ".tmp");
    try {
      MessageDigest sha = sha256();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        in.transferTo(out);
      }
      String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
      Path target = path(digest);
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return digest;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Copies up to {@code max} bytes; -1 when there were more. */
  private static long copy(InputStream in, OutputStream out, long max) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      total += r;
      if (total > max) return -1;
      out.write(buf, 0, r);
    }
    return total;
  }

  private Path path(String digest) {
    String hex = digest.substring(7);
    return root.resolve(hex.substring(0, 2)).resolve(hex);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
