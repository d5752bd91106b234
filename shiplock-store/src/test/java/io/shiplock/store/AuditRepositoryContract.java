package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.store.AuditRepository.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class AuditRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private List<Event> list(Instant since, String actor, String action) {
    return read(r -> r.audit().list(since, actor, action, 100));
  }

  @Test
  void eventsAreAppendedAndFilteredNewestFirst() {
    write(r -> r.audit().append(Event.of("alice", "login", "alice", "success", null), T0));
    write(
        r ->
            r.audit()
                .append(
                    Event.of("bob", "login", "bob", "failure", "wrong password"),
                    T0.plusSeconds(5)));
    write(
        r ->
            r.audit()
                .append(
                    Event.of("alice", "approval.approve", "request 7", "success", "looks good"),
                    T0.plusSeconds(10)));
    assertThat(list(null, null, null))
        .extracting(Event::action)
        .containsExactly("approval.approve", "login", "login");
    assertThat(list(null, "alice", null)).hasSize(2);
    assertThat(list(null, null, "approval"))
        .extracting(Event::detail)
        .containsExactly("looks good");
    assertThat(list(T0.plusSeconds(5), null, null)).hasSize(2);
    assertThat(list(null, "bob", "login").get(0).outcome()).isEqualTo("failure");
    assertThat(list(null, null, null).get(0).at()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void anOverlongActorOrTargetIsCutNotRefused() {
    // A failed login with a 300-character user name answered 500 (RouteFuzzTest found it).
    write(
        r ->
            r.audit()
                .append(
                    Event.of("u".repeat(300), "login", "t".repeat(1000), "failure", "wrong"), T0));
    Event e = list(null, null, "login").get(0);
    assertThat(e.actor()).hasSize(127).startsWith("uuu").endsWith("...");
    assertThat(e.target()).hasSize(512).endsWith("...");
  }
}
