package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.engine.RequestState;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.ApprovalRepository.Decision;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.Request;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests waiting for approval and the approvers' decisions, on every store. */
abstract class ApprovalRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
  }

  private long request(List<RunRepository.VersionRef> versions) {
    ApplicationSpec app =
        (ApplicationSpec)
            read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, "ContinuousTestServices")))
                .orElseThrow();
    return store.write(
        r ->
            r.runs()
                .create(
                    new RunRepository.NewRequest(
                        "ContinuousTestServices",
                        "Production",
                        app.process("pull_run").orElseThrow(),
                        "alice",
                        T0,
                        Map.of(),
                        versions,
                        null,
                        null,
                        null)));
  }

  private long request() {
    return request(List.of());
  }

  private String state(long id) {
    return read(r -> r.runs().find(id)).orElseThrow().state().name();
  }

  private List<Long> waiting() {
    return read(r -> r.approvals().waitingApproval()).stream().map(Request::id).toList();
  }

  private Optional<Instant> expiry(long id) {
    return read(r -> r.approvals().approvalExpiry(id));
  }

  @Test
  void waitingRequestsAreListedOldestFirstWithTheirVersionsAndExpiry() {
    long versionId =
        store
            .write(
                r -> r.versions().create("SimpleTopologyService", "1.0", null, Map.of(), "bob", T0))
            .id();
    long first =
        request(List.of(new RunRepository.VersionRef("SimpleTopologyService", "1.0", versionId)));
    long notWaiting = request();
    long last = request();
    Instant expires = T0.plusSeconds(3600);
    // They begin to wait in the other order: the list is still by age.
    write(r -> r.approvals().awaitApproval(last, expires));
    write(r -> r.approvals().awaitApproval(first, null));

    List<Request> listed = read(r -> r.approvals().waitingApproval());
    List<Request> one =
        read(r -> List.of(r.runs().find(first).orElseThrow(), r.runs().find(last).orElseThrow()));
    assertThat(listed).isEqualTo(one);
    assertThat(listed).extracting(Request::state).containsOnly(RequestState.WAITING_APPROVAL);
    assertThat(listed.get(0).versions())
        .containsExactly(new RunRepository.VersionRef("SimpleTopologyService", "1.0", versionId));
    assertThat(state(notWaiting)).isEqualTo("QUEUED");
    List<Long> active = read(r -> r.runs().active());
    assertThat(active).as("a waiting request does not run").containsExactly(notWaiting);

    assertThat(expiry(last)).contains(expires);
    assertThat(expiry(first)).as("waits without a deadline").isEmpty();
    assertThat(expiry(notWaiting)).isEmpty();
    assertThat(expiry(last + 1000)).as("no such request").isEmpty();

    Instant later = expires.plusSeconds(60);
    write(r -> r.approvals().awaitApproval(first, later));
    assertThat(expiry(first)).as("a new deadline replaces none").contains(later);
  }

  @Test
  void anApprovedRequestIsQueuedAndOnlyAWaitingOneIs() {
    long approved = request();
    long rejected = request();
    long neverWaited = request();
    write(r -> r.approvals().awaitApproval(approved, T0.plusSeconds(60)));
    write(r -> r.approvals().awaitApproval(rejected, T0.plusSeconds(60)));

    write(r -> r.approvals().approved(approved));
    assertThat(state(approved)).isEqualTo("QUEUED");
    assertThat(waiting()).containsExactly(rejected);
    List<Long> active = read(r -> r.runs().active());
    assertThat(active).containsExactly(approved, neverWaited);

    // A late approval neither revives a rejected request nor touches one that runs.
    write(r -> r.runs().finish(rejected, RequestState.FAILED, "rejected by carol", T0));
    write(r -> r.approvals().approved(rejected));
    assertThat(state(rejected)).isEqualTo("FAILED");
    assertThat(waiting()).isEmpty();
    write(r -> r.runs().markRunning(neverWaited));
    write(r -> r.approvals().approved(neverWaited));
    assertThat(state(neverWaited)).isEqualTo("RUNNING");
  }

  @Test
  void decisionsAreKeptPerRequestInTheOrderTheyWereMade() {
    long id = request();
    long other = request();
    write(r -> r.approvals().awaitApproval(id, null));
    write(r -> r.approvals().decide(id, "bob", Verdict.APPROVED, "looks good", T0.plusSeconds(20)));
    write(r -> r.approvals().decide(id, "alice", Verdict.APPROVED, "", T0.plusSeconds(20)));
    write(
        r -> r.approvals().decide(id, "carol", Verdict.REJECTED, "not today", T0.plusSeconds(10)));
    write(r -> r.approvals().decide(other, "bob", Verdict.REJECTED, "no", T0));

    List<Decision> decisions = read(r -> r.approvals().decisions(id));
    assertThat(decisions)
        .containsExactly(
            new Decision("carol", Verdict.REJECTED, "not today", T0.plusSeconds(10)),
            new Decision("alice", Verdict.APPROVED, "", T0.plusSeconds(20)),
            new Decision("bob", Verdict.APPROVED, "looks good", T0.plusSeconds(20)));
    List<Decision> others = read(r -> r.approvals().decisions(other));
    assertThat(others).containsExactly(new Decision("bob", Verdict.REJECTED, "no", T0));
    List<Decision> none = read(r -> r.approvals().decisions(other + 1000));
    assertThat(none).isEmpty();
    assertThat(state(id)).as("deciding alone changes no state").isEqualTo("WAITING_APPROVAL");
  }

  /** The consent record holds one decision per person: a second one is refused, not merged. */
  @Test
  void aPersonDecidesOnceOnARequest() {
    long id = request();
    write(r -> r.approvals().awaitApproval(id, null));
    write(r -> r.approvals().decide(id, "bob", Verdict.APPROVED, "ok", T0));
    assertThatThrownBy(
            () ->
                write(
                    r -> r.approvals().decide(id, "bob", Verdict.REJECTED, "changed my mind", T0)))
        .isInstanceOf(RuntimeException.class);
    List<Decision> decisions = read(r -> r.approvals().decisions(id));
    assertThat(decisions).containsExactly(new Decision("bob", Verdict.APPROVED, "ok", T0));
  }
}
