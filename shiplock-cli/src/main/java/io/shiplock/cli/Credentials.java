package io.shiplock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code shiplock login} keeps the server URL and token for later commands: {@code
 * ~/.config/shiplock/credentials.json} (or {@code $SHIPLOCK_CONFIG_DIR}), readable by the owner
 * only.
 */
final class Credentials {
  record Stored(String server, String token) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Credentials() {}

  static Path file() {
    String dir = System.getenv("SHIPLOCK_CONFIG_DIR");
    Path base =
        dir != null
            ? Path.of(dir)
            : Path.of(System.getProperty("user.home"), ".config", "shiplock");
    return base.resolve("credentials.json");
  }

  static Optional<Stored> load() {
    Path f = file();
    if (!Files.exists(f)) return Optional.empty();
    try {
      var node = JSON.readTree(f.toFile());
      return Optional.of(
          new Stored(node.path("server").asText(null), node.path("token").asText(null)));
    } catch (IOException e) {
      throw new CliException("cannot read " + f + ": " + e.getMessage());
    }
  }

  static void save(String server, String token) {
    Path f = file();
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), "credentials", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      JSON.writeValue(tmp.toFile(), Map.of("server", server, "token", token));
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException("cannot write " + f + ": " + e.getMessage());
    }
  }
}
