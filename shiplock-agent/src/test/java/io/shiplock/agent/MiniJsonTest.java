package io.shiplock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
  @Test
  void readsWhatTheServerSends() {
    Map<String, Object> m =
        MiniJson.object(
            "{\"work\": [{\"stepId\": 12, \"with\": {\"argv\": [\"echo\", \"a \\\"b\\\"\\n\\u00e9\"],"
                + " \"detach\": true}, \"postProcessing\": null, \"ratio\": 1.5e2}], \"cancel\": [3, 4]}");
    @SuppressWarnings("unchecked")
    Map<String, Object> work = (Map<String, Object>) ((List<?>) m.get("work")).get(0);
    assertThat(work.get("stepId")).isEqualTo(12L);
    assertThat(work.get("with"))
        .isEqualTo(Map.of("argv", List.of("echo", "a \"b\"\né"), "detach", true));
    assertThat(work).containsEntry("postProcessing", null).containsEntry("ratio", 150.0);
    assertThat(m.get("cancel")).isEqualTo(List.of(3L, 4L));
  }

  @Test
  void writesWhatReadsBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", "line\t1\nline \"2\" \\ \u0001");
    m.put("seq", 7);
    m.put("outputs", Map.of("k", "v"));
    m.put("message", null);
    Map<String, Object> back = MiniJson.object(MiniJson.write(m));
    assertThat(back.get("data")).isEqualTo(m.get("data"));
    assertThat(back.get("seq")).isEqualTo(7L);
    assertThat(back.get("outputs")).isEqualTo(Map.of("k", "v"));
    assertThat(back).containsEntry("message", null).hasSize(4);
  }

  @Test
  void malformedInputIsAnError() {
    assertThatThrownBy(() -> MiniJson.object("{\"a\": }"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MiniJson.object("[1]")).hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> MiniJson.object("{} x")).hasMessageContaining("unexpected text");
  }
}
