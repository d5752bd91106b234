package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.server.SecretKeyCheck.Outcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretKeyCheckTest {
  @Test
  void theFirstNodeStoresItsKeyAndOthersMustMatchIt() {
    assertThat(SecretKeyCheck.decide(Optional.empty(), List.of("k1"))).isEqualTo(Outcome.STORE);
    assertThat(SecretKeyCheck.decide(Optional.of("k1"), List.of("k1"))).isEqualTo(Outcome.SAME);
    assertThat(SecretKeyCheck.decide(Optional.of("k1"), List.of("k2"))).isEqualTo(Outcome.REFUSE);
  }

  @Test
  void aNodeRotatingFromTheStoredKeyMovesTheDatabaseToItsNewKey() {
    assertThat(SecretKeyCheck.decide(Optional.of("old"), List.of("new", "old")))
        .isEqualTo(Outcome.ROTATED);
  }
}
