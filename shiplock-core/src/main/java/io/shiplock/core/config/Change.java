package io.shiplock.core.config;

import io.shiplock.core.model.ObjectKey;
import java.util.List;

/** One line of a plan: what happens to one object, and for an update which fields change. */
public record Change(Action action, ObjectKey key, List<String> fields) {
  public enum Action {
    CREATE,
    UPDATE,
    DELETE
  }

  public Change {
    fields = List.copyOf(fields);
  }

  @Override
  public String toString() {
    String sign =
        switch (action) {
          case CREATE -> "+ create";
          case UPDATE -> "~ update";
          case DELETE -> "- delete";
        };
    return sign + " " + key + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")");
  }
}
