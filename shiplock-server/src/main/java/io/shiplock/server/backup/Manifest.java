package io.shiplock.server.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;

/**
 * What a backup holds, written as its last entry: the format, the Shiplock that wrote it, the
 * store's kind and schema (Flyway) version, when it was taken, the fingerprint of the secret key
 * its secure values are encrypted with (never the key), and the size and sha256 of every entry.
 */
public record Manifest(
    int format,
    String shiplockVersion,
    String store,
    String schemaVersion,
    String createdAt,
    String keyFingerprint,
    List<Entry> entries) {
  /** The format this Shiplock writes and reads. */
  public static final int FORMAT = 1;

  /** The manifest's name in the archive. */
  public static final String NAME = "manifest.json";

  /** One entry of the archive: its name, size in bytes and sha256 (hex). */
  public record Entry(String name, long size, String sha256) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Manifest parse(byte[] json) throws IOException {
    return JSON.readValue(json, Manifest.class);
  }

  /** The database's entry ({@code database/FILE}). */
  Entry database() {
    return entries.stream().filter(e -> e.name().startsWith("database/")).findFirst().orElseThrow();
  }
}
