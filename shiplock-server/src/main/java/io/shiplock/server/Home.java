package io.shiplock.server;

import io.shiplock.core.security.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's home directory: the embedded database and the secret key. The key comes from {@code
 * SHIPLOCK_SECRET_KEY} (base64 of 32 bytes; older keys for rotation in {@code
 * SHIPLOCK_SECRET_KEYS_OLD}, comma separated) or from {@code secret.key}, created on first start
 * readable by its owner only.
 */
public final class Home {
  private final Path dir;

  public Home(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public SecretBox secrets(Map<String, String> env) {
    List<byte[]> keys = new ArrayList<>();
    String fromEnv = env.get("SHIPLOCK_SECRET_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      keys.add(decode(fromEnv, "SHIPLOCK_SECRET_KEY"));
    } else {
      keys.add(keyFile());
    }
    String old = env.get("SHIPLOCK_SECRET_KEYS_OLD");
    if (old != null) {
      for (String k : old.split(","))
        if (!k.isBlank()) keys.add(decode(k.trim(), "SHIPLOCK_SECRET_KEYS_OLD"));
    }
    return new SecretBox(keys);
  }

  /** Where the encrypting key comes from, as a person would give it to another node. */
  public String keySource(Map<String, String> env) {
    String fromEnv = env.get("SHIPLOCK_SECRET_KEY");
    if (fromEnv != null && !fromEnv.isBlank())
      return "the environment variable SHIPLOCK_SECRET_KEY";
    return dir.resolve("secret.key").toAbsolutePath().toString();
  }

  /**
   * The key that signs approval links, derived from the secret key (so servers sharing the secret
   * key accept each other's links, and rotating it invalidates outstanding links).
   */
  public byte[] linkKey(Map<String, String> env) {
    String fromEnv = env.get("SHIPLOCK_SECRET_KEY");
    byte[] primary =
        fromEnv != null && !fromEnv.isBlank() ? decode(fromEnv, "SHIPLOCK_SECRET_KEY") : keyFile();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(primary, "HmacSHA256"));
      return mac.doFinal("shiplock approval links".getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] decode(String base64, String source) {
    try {
      byte[] k = Base64.getDecoder().decode(base64.trim());
      if (k.length != 32)
        throw new IllegalArgumentException(source + " must be the base64 of 32 bytes");
      return k;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " must be the base64 of 32 bytes", e);
    }
  }

  private byte[] keyFile() {
    Path file = dir.resolve("secret.key");
    try {
      if (Files.exists(file)) return decode(Files.readString(file), file.toString());
      Files.createDirectories(dir);
      byte[] key = SecretBox.newKey();
      Path tmp = Files.createTempFile(dir, "secret", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the directory's permissions protect the key
      }
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
