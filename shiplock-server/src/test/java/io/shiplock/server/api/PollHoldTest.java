package io.shiplock.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An idle poll's hold: the asked wait, cut at random by at most the spread, never lengthened. */
class PollHoldTest {
  @Test
  void holdsTheWholeWaitAtOneEndAndTheSpreadLessAtTheOther() {
    assertThat(AgentProtocolHandlers.holdNanos(5, 0.0)).isEqualTo(5_000_000_000L);
    assertThat(AgentProtocolHandlers.holdNanos(5, 0.999_999))
        .isBetween(3_500_000_000L, 3_500_010_000L);
  }

  @Test
  void agentsThatPollTogetherAreHeldForDifferentTimes() {
    // Two agents whose polls started together answer apart: the herd spreads each round.
    assertThat(AgentProtocolHandlers.holdNanos(5, 0.1) - AgentProtocolHandlers.holdNanos(5, 0.9))
        .isEqualTo(1_200_000_000L);
  }

  @Test
  void anImmediatePollStaysImmediate() {
    assertThat(AgentProtocolHandlers.holdNanos(0, 0.5)).isZero();
  }
}
