package io.shiplock.server.api.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.shiplock.core.store.ComponentVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Component versions as {@code /api/v1/components/{component}/versions} answers them. */
public final class VersionAnswers {
  private VersionAnswers() {}

  /**
   * A version with its properties, sorted by name (a secure one is {@code {"secure": true}}, never
   * its value) and its statuses.
   */
  public record VersionAnswer(
      String component,
      String name,
      @Nullable String description,
      Instant createdAt,
      @Nullable String createdBy,
      Map<String, Object> properties,
      List<String> statuses,
      @JsonInclude(Include.NON_EMPTY) Map<String, String> links) {
    public static VersionAnswer of(ComponentVersion v) {
      Map<String, Object> props = new TreeMap<>();
      v.properties()
          .forEach((k, p) -> props.put(k, p.secure() ? Map.of("secure", true) : p.value()));
      return new VersionAnswer(
          v.component(),
          v.name(),
          v.description(),
          v.createdAt(),
          v.createdBy(),
          props,
          v.statuses(),
          v.links());
    }
  }
}
