package io.shiplock.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.model.TriggerSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The engine's states as types: what ends, what advances, and how the wire names them. */
class StatesTest {
  @Test
  void aRequestEndsOnlyInAnOutcomeAndEveryOutcomeIsARequestState() {
    assertThat(Arrays.stream(RequestState.values()).filter(RequestState::isTerminal))
        .containsExactly(RequestState.SUCCEEDED, RequestState.FAILED, RequestState.CANCELED);
    for (Outcome o : Outcome.values()) assertThat(RequestState.of(o).isTerminal()).isTrue();
    assertThat(Arrays.stream(RequestState.values()).filter(RequestState::isAdvancing))
        .containsExactly(RequestState.QUEUED, RequestState.RUNNING);
    assertThat(RequestState.WAITING_APPROVAL.isActive()).isTrue();
    assertThat(RequestState.WAITING_APPROVAL.isAdvancing()).isFalse();
  }

  @Test
  void clientsReadStatesFromTheWireAndStopOnANameTheyDoNotKnow() {
    assertThat(RequestState.hasEnded("RUNNING")).isFalse();
    assertThat(RequestState.hasEnded("WAITING_APPROVAL")).isFalse();
    assertThat(RequestState.hasEnded("CANCELED")).isTrue();
    assertThat(RequestState.hasEnded("PAUSED_BY_A_NEWER_SERVER")).isTrue();
    assertThat(StepState.hasEnded("NOT_RUN")).isTrue();
    assertThat(StepState.hasEnded("WAITING")).isFalse();
    assertThat(StepState.hasEnded("nonsense")).isFalse();
  }

  @Test
  void nodeKindsAndTriggerEventsKeepTheirStoredNames() throws Exception {
    assertThat(NodeKind.TARGET.stored()).isEqualTo("target");
    assertThat(NodeKind.ofStored("step")).isEqualTo(NodeKind.STEP);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(TriggerSpec.When.STATUS_ADDED)).isEqualTo("\"statusAdded\"");
    assertThat(json.readValue("\"versionCreated\"", TriggerSpec.When.class))
        .isEqualTo(TriggerSpec.When.VERSION_CREATED);
    assertThat(TriggerSpec.When.of("versionDeleted")).isEmpty();
  }
}
