package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.store.NodeRepository.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class NodeRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration BEAT = Duration.ofSeconds(5);

  private static Node node(String id, Instant at) {
    return new Node(id, "10.0.0.1:8080", "0.1.0", at, at, null);
  }

  private boolean beat(String id, Instant at) {
    return store.write(r -> r.nodes().beat(id, at));
  }

  private List<Node> nodes() {
    return read(r -> r.nodes().list());
  }

  private Optional<String> fingerprint() {
    return read(r -> r.nodes().keyFingerprint());
  }

  @Test
  void aNodeIsListedAsRegisteredAndItsBeatMoves() {
    write(r -> r.nodes().register(node("a", T0)));
    write(r -> r.nodes().register(node("b", T0.plusSeconds(1))));
    assertThat(beat("a", T0.plusSeconds(10))).isTrue();
    assertThat(nodes())
        .containsExactly(
            node("b", T0.plusSeconds(1)),
            new Node("a", "10.0.0.1:8080", "0.1.0", T0, T0.plusSeconds(10), null));
    assertThat(beat("unknown", T0)).isFalse();
  }

  @Test
  void aStoppedNodeNoLongerBeatsAndIsNotLive() {
    write(r -> r.nodes().register(node("a", T0)));
    write(r -> r.nodes().stop("a", T0.plusSeconds(3)));
    assertThat(beat("a", T0.plusSeconds(4))).isFalse();
    Node a = nodes().get(0);
    assertThat(a.stoppedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(a.liveAt(T0.plusSeconds(4), BEAT)).isFalse();
  }

  @Test
  void aNodeIsLiveUntilItMissesThreeBeats() {
    Node a = node("a", T0);
    assertThat(a.liveAt(T0.plusSeconds(14), BEAT)).isTrue();
    assertThat(a.liveAt(T0.plusSeconds(15), BEAT)).isFalse();
  }

  @Test
  void silentNodesAreForgotten() {
    write(r -> r.nodes().register(node("old", T0)));
    write(r -> r.nodes().register(node("new", T0.plusSeconds(100))));
    assertThat(store.<Integer>write(r -> r.nodes().forgetSilentSince(T0.plusSeconds(50))))
        .isEqualTo(1);
    assertThat(nodes()).extracting(Node::id).containsExactly("new");
  }

  @Test
  void theFirstKeyFingerprintIsKeptUntilReplaced() {
    assertThat(fingerprint()).isEmpty();
    write(r -> r.nodes().keepKeyFingerprint("f1", T0));
    write(r -> r.nodes().keepKeyFingerprint("f2", T0));
    assertThat(fingerprint()).contains("f1");
    write(r -> r.nodes().replaceKeyFingerprint("f3", T0));
    assertThat(fingerprint()).contains("f3");
  }
}
