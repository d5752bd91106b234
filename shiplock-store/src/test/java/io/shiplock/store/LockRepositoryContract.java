package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.store.LockRepository.Holder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class LockRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private boolean acquire(String name, long request, long step) {
    return store.write(r -> r.locks().acquire(name, request, step, T0.plusSeconds(step)));
  }

  private boolean release(String name, long request) {
    return store.write(r -> r.locks().release(name, request));
  }

  private List<String> releaseAll(long request) {
    return store.write(r -> r.locks().releaseAll(request));
  }

  private List<String> free() {
    return read(r -> r.locks().freeWithWaiters());
  }

  private Optional<Holder> holder(String name) {
    return read(r -> r.locks().holder(name));
  }

  private List<Long> waiting(String name) {
    return read(r -> r.locks().waiting(name));
  }

  @Test
  void oneHolderAtATimeAndTheLineIsServedOldestFirst() {
    assertThat(acquire("host-a", 1, 10)).isTrue();
    assertThat(acquire("host-a", 1, 10)).as("the holder asking again").isTrue();
    assertThat(acquire("host-a", 1, 11)).as("another step of the holder's request").isTrue();
    assertThat(acquire("host-a", 2, 20)).isFalse();
    assertThat(acquire("host-a", 3, 30)).isFalse();
    assertThat(acquire("host-a", 2, 20)).as("asking again keeps one place").isFalse();
    assertThat(waiting("host-a")).containsExactly(20L, 30L);
    assertThat(holder("host-a")).contains(new Holder("host-a", 1, 10, T0.plusSeconds(10)));
    // Another name is another lock.
    assertThat(acquire("host-b", 3, 31)).isTrue();

    assertThat(release("host-a", 2)).as("not the holder").isFalse();
    assertThat(release("host-a", 1)).isTrue();
    assertThat(free()).containsExactly("host-a");
    // Free, but the younger waiter may not jump the line.
    assertThat(acquire("host-a", 3, 30)).isFalse();
    assertThat(acquire("host-a", 4, 40)).isFalse();
    assertThat(acquire("host-a", 2, 20)).isTrue();
    assertThat(waiting("host-a")).containsExactly(30L, 40L);
    assertThat(free()).isEmpty();
  }

  @Test
  void anEndedRequestReleasesWhatItHeldAndLeavesEveryLine() {
    assertThat(acquire("db", 1, 10)).isTrue();
    assertThat(acquire("host", 1, 11)).isTrue();
    assertThat(acquire("db", 2, 20)).isFalse();
    assertThat(acquire("other", 5, 50)).isTrue();
    assertThat(acquire("other", 1, 12)).isFalse();
    assertThat(releaseAll(1)).containsExactly("db", "host");
    assertThat(waiting("other")).isEmpty();
    assertThat(holder("db")).isEmpty();
    List<Holder> held = read(r -> r.locks().held());
    assertThat(held).extracting(Holder::name).containsExactly("other");
    assertThat(acquire("db", 2, 20)).isTrue();
  }

  @Test
  void aCanceledWaiterLeavesTheLine() {
    assertThat(acquire("db", 1, 10)).isTrue();
    assertThat(acquire("db", 2, 20)).isFalse();
    assertThat(acquire("db", 3, 30)).isFalse();
    write(r -> r.locks().leaveLine(20));
    write(r -> r.locks().releaseAll(1));
    assertThat(acquire("db", 3, 30)).isTrue();
  }
}
