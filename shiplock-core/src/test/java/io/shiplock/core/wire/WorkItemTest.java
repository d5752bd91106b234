package io.shiplock.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The work item on the wire: the same bytes as before it was shared (queued items of an earlier
 * server still open), and a missing or ill-typed field refused by name.
 */
class WorkItemTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the server wrote for a step before the record moved to core, field for field. */
  private static final String STORED =
      "{\"stepId\":12,\"attempt\":1,\"requestId\":7,\"name\":\"build\",\"type\":\"shell\","
          + "\"with\":{\"script\":\"echo hi\",\"env\":{\"A\":\"1\"}},\"postProcessing\":null,"
          + "\"timeoutSeconds\":30,\"mask\":[\"s3cret\"],\"dispatchedAtMicros\":1700000000000000,"
          + "\"version\":{\"id\":5,\"component\":\"Svc\",\"name\":\"1.4.2\"}}";

  private static final WorkItem ITEM =
      new WorkItem(
          12,
          1,
          7,
          "build",
          "shell",
          Map.of("script", "echo hi", "env", Map.of("A", "1")),
          null,
          30L,
          List.of("s3cret"),
          1_700_000_000_000_000L,
          new WorkItem.Version(5, "Svc", "1.4.2"));

  private static Map<String, Object> stored() throws Exception {
    return JSON.readValue(STORED, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  @Test
  void aStoredItemReadsBackAndIsWrittenWithTheSameFieldNames() throws Exception {
    WorkItem read = WorkItem.fromMap(stored());
    assertThat(read).isEqualTo(ITEM);
    assertThat(JSON.readTree(JSON.writeValueAsString(read))).isEqualTo(JSON.readTree(STORED));
    assertThat(JSON.writeValueAsString(WorkItem.fromMap(stored()))).isEqualTo(STORED);
  }

  @Test
  void optionalFieldsMayBeNullOrAbsent() throws Exception {
    Map<String, Object> m = stored();
    m.put("timeoutSeconds", null);
    m.remove("postProcessing");
    m.remove("version");
    WorkItem read = WorkItem.fromMap(m);
    assertThat(read.timeoutSeconds()).isNull();
    assertThat(read.postProcessing()).isNull();
    assertThat(read.version()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stepId",
        "attempt",
        "requestId",
        "name",
        "type",
        "with",
        "mask",
        "dispatchedAtMicros"
      })
  void aMissingRequiredFieldIsNamed(String field) throws Exception {
    Map<String, Object> m = stored();
    m.remove(field);
    assertThatThrownBy(() -> WorkItem.fromMap(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("work item: '" + field + "' is missing");
    m.put(field, null);
    assertThatThrownBy(() -> WorkItem.fromMap(m))
        .hasMessage("work item: '" + field + "' is missing");
  }

  @Test
  void anIllTypedFieldIsNamedWithWhatItHeld() throws Exception {
    assertThatThrownBy(() -> WorkItem.fromMap(with("stepId", "12")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("work item: 'stepId' must be a whole number, not \"12\"");
    assertThatThrownBy(() -> WorkItem.fromMap(with("attempt", 1.5)))
        .hasMessage("work item: 'attempt' must be a whole number, not 1.5");
    assertThatThrownBy(() -> WorkItem.fromMap(with("attempt", 1L << 40)))
        .hasMessage("work item: 'attempt' must be a whole number of 32 bits, not 1099511627776");
    assertThatThrownBy(() -> WorkItem.fromMap(with("type", List.of("shell"))))
        .hasMessage("work item: 'type' must be a string, not [shell]");
    assertThatThrownBy(() -> WorkItem.fromMap(with("with", List.of())))
        .hasMessage("work item: 'with' must be an object, not []");
    assertThatThrownBy(() -> WorkItem.fromMap(with("mask", List.of("a", 1))))
        .hasMessage("work item: 'mask' must be a list of strings, not [a, 1]");
    assertThatThrownBy(() -> WorkItem.fromMap(with("version", "1.4.2")))
        .hasMessage("work item: 'version' must be an object, not \"1.4.2\"");
    assertThatThrownBy(() -> WorkItem.fromMap(with("version", Map.of("id", 5, "name", "1.4.2"))))
        .hasMessage("work item version: 'component' is missing");
  }

  @Test
  void theNextAttemptKeepsTheWorkAndChangesAttemptAndTime() {
    WorkItem next = ITEM.nextAttempt(2, 42);
    assertThat(next.attempt()).isEqualTo(2);
    assertThat(next.dispatchedAtMicros()).isEqualTo(42);
    assertThat(next.nextAttempt(1, ITEM.dispatchedAtMicros())).isEqualTo(ITEM);
  }

  private static Map<String, Object> with(String field, Object value) throws Exception {
    Map<String, Object> m = stored();
    m.put(field, value);
    return m;
  }
}
