package io.shiplock.core.ucd;

import io.shiplock.core.model.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UUIDs a UrbanCode Deploy client addresses objects by (UCD-COMPAT.md §5.7: every {@code id} is
 * a lowercase UUID string). They are derived, never stored: a numbered object (a version, a
 * request) carries its kind and number inside its UUID, so any node reads it back without a lookup;
 * a named configuration object gets a name-based UUID, the same on every node and after every
 * restart, found again by comparing with its kind's objects.
 */
public final class UcdIds {
  private UcdIds() {}

  /** Numbered kinds and the tag their UUIDs start with. */
  public enum Numbered {
    VERSION(0x5a1c0001),
    REQUEST(0x5a1c0002),
    SNAPSHOT(0x5a1c0003);

    private final int tag;

    Numbered(int tag) {
      this.tag = tag;
    }
  }

  private static final Pattern NUMBERED =
      Pattern.compile("([0-9a-f]{8})-0000-4000-8000-([0-9a-f]{12})");
  private static final Pattern ANY =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public static String of(Numbered kind, long number) {
    if (number < 0 || number >= 1L << 48)
      throw new IllegalArgumentException("no UUID for number " + number);
    return String.format("%08x-0000-4000-8000-%012x", kind.tag, number);
  }

  /** The number a UUID of this kind carries; empty for any other text. */
  public static OptionalLong number(Numbered kind, String uuid) {
    if (uuid == null) return OptionalLong.empty();
    Matcher m = NUMBERED.matcher(uuid.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Integer.parseUnsignedInt(m.group(1), 16) != kind.tag)
      return OptionalLong.empty();
    return OptionalLong.of(Long.parseLong(m.group(2), 16));
  }

  /** The UUID of a configuration object: from its kind and key, stable while its name is. */
  public static String of(ObjectKey key) {
    String text =
        "shiplock:"
            + key.kind().yamlName()
            + ":"
            + (key.application() == null ? "" : key.application() + "/")
            + key.name();
    return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Whether a value a client sent is a UUID (then it is an id, else a name). */
  public static boolean isUuid(String value) {
    return value != null && ANY.matcher(value.strip()).matches();
  }
}
