package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.AgentRepository;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.LogRepository;
import io.shiplock.core.store.OutboxRepository;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agents, requests with their steps, the work queue and logs, on both stores. */
abstract class EngineRepositoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private long agentId;

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
    agentId = store.write(r -> r.agents().idOf("leanjazz-agent").orElseThrow());
  }

  private long request() {
    return request(List.of());
  }

  private long request(List<RunRepository.VersionRef> versions) {
    return request(versions, null);
  }

  private long request(List<RunRepository.VersionRef> versions, String snapshot) {
    return request(versions, snapshot, null);
  }

  private long request(
      List<RunRepository.VersionRef> versions, String snapshot, Instant scheduledFor) {
    ApplicationSpec app =
        (ApplicationSpec)
            store
                .read(
                    r -> r.config().find(ObjectKey.of(Kind.APPLICATION, "ContinuousTestServices")))
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
                        Map.of("k", "v"),
                        versions,
                        snapshot,
                        scheduledFor,
                        null)));
  }

  private long step(long requestId) {
    return store.write(
        r ->
            r.runs()
                .insert(
                    new StepRun(
                        0,
                        requestId,
                        null,
                        NodeKind.STEP,
                        0,
                        "pull",
                        "shell",
                        StepState.PENDING,
                        0,
                        "SimpleTopologyService",
                        null,
                        "a/b",
                        null,
                        null,
                        null,
                        null,
                        null,
                        Map.of(),
                        null)));
  }

  @Test
  void requestsAreListedNewestFirstWithTheirVersions() {
    List<Long> ids = new ArrayList<>();
    for (String v : List.of("1.0", "1.1")) {
      long versionId =
          store.write(
              r ->
                  r.versions()
                      .create("SimpleTopologyService", v, null, Map.of(), "alice", T0)
                      .id());
      ids.add(
          request(List.of(new RunRepository.VersionRef("SimpleTopologyService", v, versionId))));
    }
    ids.add(request()); // no versions
    List<RunRepository.Request> listed = read(r -> r.runs().list(10));
    List<RunRepository.Request> one =
        read(r -> ids.reversed().stream().map(id -> r.runs().find(id).orElseThrow()).toList());
    assertThat(listed).isEqualTo(one);
    assertThat(listed.get(1).versions())
        .extracting(RunRepository.VersionRef::version)
        .containsExactly("1.1");
    assertThat(listed.get(0).versions()).isEmpty();
  }

  @Test
  void theLastSucceededRequestKeepsItsSnapshotAndItsVersionsAreInUse() {
    long versionId =
        store.write(
            r -> r.versions().create("SimpleTopologyService", "3.0", null, Map.of(), "a", T0).id());
    var ref = new RunRepository.VersionRef("SimpleTopologyService", "3.0", versionId);
    long first = request(List.of(ref), "release-3");
    long second = request(List.of(), null);
    write(r -> r.runs().finish(first, RequestState.SUCCEEDED, null, T0));
    var last = read(r -> r.runs().lastSucceeded("ContinuousTestServices", "Production"));
    assertThat(last).map(RunRepository.Request::id).contains(first);
    assertThat(last.orElseThrow().snapshot()).isEqualTo("release-3");
    assertThat(read(r -> r.runs().find(second)).orElseThrow().snapshot()).isNull();
    Optional<String> why = read(r -> r.versions().inUse(versionId));
    assertThat(why).contains("it was requested (request " + first + ")");
  }

  @Test
  void manyRequestsAreFoundInOneReadWithTheirVersions() {
    long versionId =
        store.write(
            r ->
                r.versions()
                    .create("SimpleTopologyService", "3.0", null, Map.of(), "alice", T0)
                    .id());
    long withVersion =
        request(List.of(new RunRepository.VersionRef("SimpleTopologyService", "3.0", versionId)));
    long without = request();
    request(); // not asked for
    List<RunRepository.Request> found =
        read(r -> r.runs().findAll(Set.of(without, withVersion, 999_999L)));
    assertThat(found)
        .containsExactlyInAnyOrder(
            read(r -> r.runs().find(withVersion).orElseThrow()),
            read(r -> r.runs().find(without).orElseThrow()));
    assertThat(found)
        .filteredOn(q -> q.id() == withVersion)
        .singleElement()
        .extracting(q -> q.versions().get(0).version())
        .isEqualTo("3.0");
    List<RunRepository.Request> none = read(r -> r.runs().findAll(List.of()));
    assertThat(none).isEmpty();
  }

  @Test
  void agentTokensIdentifyAgentsUntilRevoked() {
    AgentRepository.Token t =
        store.write(r -> r.agents().createToken("leanjazz-agent", "h1", "slka_x", "admin", T0));
    Optional<AgentRepository.Identity> who = read(r -> r.agents().findByToken("h1"));
    assertThat(who).contains(new AgentRepository.Identity(agentId, "leanjazz-agent"));
    boolean revoked = store.write(r -> r.agents().revokeToken(t.id(), T0));
    assertThat(revoked).isTrue();
    Optional<AgentRepository.Identity> after = read(r -> r.agents().findByToken("h1"));
    assertThat(after).isEmpty();
    assertThatThrownBy(
            () -> store.write(r -> r.agents().createToken("ghost", "h2", "p", "admin", T0)))
        .isInstanceOf(Conflict.class);
  }

  @Test
  void helloReportsTheInstanceBeforeAndSilenceIsFound() {
    String first = store.write(r -> r.agents().hello(agentId, "host1", "0.1.0", "i-1", T0));
    String second =
        store.write(r -> r.agents().hello(agentId, "host1", "0.1.0", "i-2", T0.plusSeconds(1)));
    assertThat(first).isNull();
    assertThat(second).isEqualTo("i-1");
    var unknown = read(r -> r.agents().stepTypes(agentId));
    assertThat(unknown).as("an agent that never said runs anything").isEmpty();
    write(r -> r.agents().stepTypes(agentId, Set.of("shell", "docker.build")));
    var said = read(r -> r.agents().stepTypes(agentId));
    assertThat(said).contains(Set.of("docker.build", "shell"));
    write(r -> r.agents().seen(Map.of(agentId, T0.plusSeconds(30))));
    List<AgentRepository.Identity> silent = read(r -> r.agents().silentSince(T0.plusSeconds(40)));
    List<AgentRepository.Identity> alive = read(r -> r.agents().silentSince(T0.plusSeconds(20)));
    assertThat(silent).extracting(AgentRepository.Identity::name).containsExactly("leanjazz-agent");
    assertThat(alive).isEmpty();
    write(r -> r.agents().seen(Map.of(agentId, T0.plusSeconds(50))));
    List<AgentRepository.Identity> before = read(r -> r.agents().silentSince(T0.plusSeconds(45)));
    List<AgentRepository.Identity> after = read(r -> r.agents().silentSince(T0.plusSeconds(55)));
    assertThat(before).isEmpty();
    assertThat(after).extracting(AgentRepository.Identity::name).containsExactly("leanjazz-agent");
  }

  @Test
  void aResultAppliesOnceForTheRightAgentAndAttempt() {
    long req = request();
    long step = step(req);
    write(r -> r.runs().dispatch(step, agentId, 1, T0, T0.plusSeconds(60)));
    boolean wrongAttempt =
        store.write(
            r -> r.runs().complete(step, agentId, 2, StepState.SUCCEEDED, Map.of(), null, T0));
    boolean wrongAgent =
        store.write(
            r -> r.runs().complete(step, agentId + 99, 1, StepState.SUCCEEDED, Map.of(), null, T0));
    boolean first =
        store.write(
            r ->
                r.runs()
                    .complete(
                        step, agentId, 1, StepState.SUCCEEDED, Map.of("imageId", "x"), null, T0));
    boolean replay =
        store.write(r -> r.runs().complete(step, agentId, 1, StepState.FAILED, Map.of(), null, T0));
    assertThat(wrongAttempt).isFalse();
    assertThat(wrongAgent).isFalse();
    assertThat(first).isTrue();
    assertThat(replay).isFalse();
    StepRun s = read(r -> r.runs().step(step)).orElseThrow();
    assertThat(s.state()).isEqualTo(StepState.SUCCEEDED);
    assertThat(s.outputs()).containsEntry("imageId", "x");
  }

  /**
   * A step's request is found and locked in one statement: the same request as {@link
   * RunRepository#lock}, held until the transaction ends.
   */
  @Test
  void aStepsRequestIsFoundAndLockedInOneRead() throws Exception {
    long req = request();
    long step = step(req);
    RunRepository.Request byStep = read(r -> r.runs().lockOfStep(step)).orElseThrow();
    RunRepository.Request byId = read(r -> r.runs().lock(req)).orElseThrow();
    assertThat(byStep).isEqualTo(byId);
    assertThat(this.<Optional<RunRepository.Request>>read(r -> r.runs().lockOfStep(step + 999)))
        .as("no such step")
        .isEmpty();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> holder =
          pool.submit(
              () ->
                  store.write(
                      r -> {
                        assertThat(r.runs().lockOfStep(step)).isPresent();
                        held.countDown();
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicBoolean released = new AtomicBoolean();
      Future<Boolean> second =
          pool.submit(
              () ->
                  store.write(
                      r -> {
                        assertThat(r.runs().lock(req)).isPresent();
                        return released.get();
                      }));
      // A wait proven by its absence: the second locker stays blocked the whole 300 ms.
      await("waits for the lock")
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !second.isDone());
      released.set(true);
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
      assertThat(second.get(10, TimeUnit.SECONDS))
          .as("locked only after the holder ended")
          .isTrue();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void requestsKeepTheirProcessSnapshotAndDeadlinesAreFound() {
    long req = request();
    long step = step(req);
    write(r -> r.runs().dispatch(step, agentId, 1, T0, T0.plusSeconds(60)));
    RunRepository.Request q = read(r -> r.runs().find(req)).orElseThrow();
    assertThat(q.process().name()).isEqualTo("pull_run");
    assertThat(q.properties()).containsEntry("k", "v");
    List<Long> active = read(r -> r.runs().active());
    assertThat(active).containsExactly(req);
    Optional<Instant> next = read(r -> r.runs().nextDeadline());
    assertThat(next).contains(T0.plusSeconds(60));
    List<StepRun> due = read(r -> r.runs().due(T0.plusSeconds(61)));
    assertThat(due).extracting(StepRun::id).containsExactly(step);
    write(r -> r.runs().finish(req, RequestState.SUCCEEDED, null, T0));
    List<Long> after = read(r -> r.runs().active());
    assertThat(after).isEmpty();
  }

  @Test
  void workIsClaimedOnceAndLogsKeepTheirOrder() {
    long req = request();
    long step = step(req);
    write(r -> r.work().enqueue(step, agentId, 1, "{\"a\":1}", T0));
    // The backlog (a metric) counts what waits and knows since when.
    WorkQueue.Backlog waiting = store.read(r -> r.work().backlog());
    assertThat(waiting).isEqualTo(new WorkQueue.Backlog(1, T0));
    List<WorkQueue.Item> first = store.write(r -> r.work().claim(agentId, T0.plusSeconds(2), 10));
    List<WorkQueue.Item> second = store.write(r -> r.work().claim(agentId, T0, 10));
    assertThat(first).hasSize(1);
    assertThat(first.get(0).createdAt()).isEqualTo(T0); // the claim tells how long it waited
    assertThat(second).isEmpty();
    WorkQueue.Backlog none = store.read(r -> r.work().backlog());
    assertThat(none).isEqualTo(new WorkQueue.Backlog(0, null));
    assertThat(claimed(step, 1, agentId)).isTrue();
    assertThat(claimed(step, 2, agentId)).isFalse();
    assertThat(claimed(step, 1, agentId + 1)).isFalse();
    var a = append(step, 1, 1, "one\n", NO_LIMIT);
    var dup = append(step, 1, 1, "one\n", NO_LIMIT);
    append(step, 1, 2, "two\n", NO_LIMIT);
    append(step, 2, 1, "retry\n", NO_LIMIT);
    assertThat(a).isEqualTo(LogRepository.Appended.STORED);
    assertThat(dup).isEqualTo(LogRepository.Appended.DUPLICATE);
    List<LogRepository.Chunk> all = read(r -> r.logs().read(step, 0, 0, 10));
    List<LogRepository.Chunk> rest = read(r -> r.logs().read(step, 1, 1, 10));
    assertThat(all)
        .extracting(LogRepository.Chunk::data)
        .containsExactly("one\n", "two\n", "retry\n");
    assertThat(rest).extracting(LogRepository.Chunk::data).containsExactly("two\n", "retry\n");
  }

  /**
   * Two polls of one agent at once (two nodes behind a load balancer): each item is claimed once,
   * and on PostgreSQL (the store of several nodes) the second poll takes what the first has not
   * locked instead of waiting for the first to commit (SKIP LOCKED). The single-node stores let the
   * second poll wait, and it still takes only what is left.
   */
  @Test
  void concurrentPollsClaimEachItemOnceWithoutWaitingForEachOther() throws Exception {
    long req = request();
    List<Long> steps = new ArrayList<>();
    for (int i = 0; i < 6; i++) steps.add(step(req));
    for (long s : steps) write(r -> r.work().enqueue(s, agentId, 1, "{}", T0));
    CountDownLatch firstHolds = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    long hold = dialect().equals("postgresql") ? 3000 : 200;
    AtomicBoolean whileHeld = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<WorkQueue.Item>> first =
          pool.submit(
              () ->
                  store.write(
                      r -> {
                        List<WorkQueue.Item> got = r.work().claim(agentId, T0, 3);
                        firstHolds.countDown();
                        // Holds its locks until the second poll is done; on the single-node
                        // stores, which make the second wait, a short while (a real claim
                        // holds them for milliseconds, within their lock timeouts).
                        try {
                          whileHeld.set(secondDone.await(hold, TimeUnit.MILLISECONDS));
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return got;
                      }));
      assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
      Future<List<WorkQueue.Item>> second =
          pool.submit(
              () -> {
                List<WorkQueue.Item> got = store.write(r -> r.work().claim(agentId, T0, 10));
                secondDone.countDown();
                return got;
              });
      List<WorkQueue.Item> a = first.get(20, TimeUnit.SECONDS);
      List<WorkQueue.Item> b = second.get(20, TimeUnit.SECONDS);
      List<Long> all = new ArrayList<>();
      a.forEach(i -> all.add(i.stepId()));
      b.forEach(i -> all.add(i.stepId()));
      assertThat(a).hasSize(3);
      assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(steps);
      if (dialect().equals("postgresql")) {
        // The second poll finished while the first still held its items: it did not wait.
        assertThat(whileHeld.get()).isTrue();
        assertThat(b).hasSize(3);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final long NO_LIMIT = Long.MAX_VALUE;

  private LogRepository.Appended append(long step, int attempt, long seq, String data, long limit) {
    return store.write(r -> r.logs().append(step, attempt, seq, data, T0, limit));
  }

  private boolean claimed(long step, int attempt, long agent) {
    return store.read(r -> r.work().claimed(step, attempt, agent));
  }

  private long dropped(long step, int attempt) {
    return store.read(r -> r.logs().dropped(step, attempt));
  }

  /**
   * An attempt keeps at most the limit: the crossing chunk is cut with a marker, later chunks are
   * counted and dropped (a retried one not twice), and closing says how much was dropped, once.
   */
  @Test
  void aStepLogKeepsItsLimitAndCountsWhatItDrops() {
    long step = step(request());
    assertThat(append(step, 1, 1, "12345\n", 10)).isEqualTo(LogRepository.Appended.STORED);
    assertThat(append(step, 1, 2, "abcdefgh", 10)).isEqualTo(LogRepository.Appended.CUT);
    assertThat(append(step, 1, 3, "xyz", 10)).isEqualTo(LogRepository.Appended.DROPPED);
    assertThat(append(step, 1, 3, "xyz", 10)).isEqualTo(LogRepository.Appended.DUPLICATE);
    // Another attempt has its own budget.
    assertThat(append(step, 2, 1, "0123456789", 10)).isEqualTo(LogRepository.Appended.STORED);
    assertThat(dropped(step, 1)).isEqualTo(4 + 3);
    assertThat(dropped(step, 2)).isZero();
    write(r -> r.logs().close(step, 1, T0));
    write(r -> r.logs().close(step, 1, T0));
    write(r -> r.logs().close(step, 2, T0));
    String all =
        String.join(
            "",
            read(r -> r.logs().read(step, 0, 0, 100)).stream()
                .map(LogRepository.Chunk::data)
                .toList());
    assertThat(all)
        .isEqualTo(
            "12345\nabcd"
                + LogRepository.limitMarker(10)
                + LogRepository.droppedLine(7)
                + "0123456789");
  }

  /** Effects after a commit: claimed under a lease, once at a time, given up when it runs out. */
  @Test
  void aScheduledRequestWaitsForItsTimeThenQueuesOnce() {
    Instant at = T0.plusSeconds(3600);
    long later = request(List.of(), null, at.plusSeconds(60));
    long scheduled = request(List.of(), null, at);
    long now = request();
    RunRepository.Request s = store.read(r -> r.runs().find(scheduled)).orElseThrow();
    assertThat(s.state()).isEqualTo(RequestState.SCHEDULED);
    assertThat(s.scheduledFor()).isEqualTo(at);
    assertThat(store.read(r -> r.runs().find(now)).orElseThrow().scheduledFor()).isNull();
    // Not before its time; at its time, oldest time first; never a request that is not SCHEDULED.
    List<Long> early = store.read(r -> r.runs().scheduledDue(at.minusSeconds(1)));
    assertThat(early).isEmpty();
    List<Long> due = store.read(r -> r.runs().scheduledDue(at.plusSeconds(60)));
    assertThat(due).containsExactly(scheduled, later);
    write(r -> r.runs().queueScheduled(scheduled));
    write(r -> r.runs().queueScheduled(now)); // QUEUED already: unchanged
    assertThat(store.read(r -> r.runs().find(scheduled)).orElseThrow().state())
        .isEqualTo(RequestState.QUEUED);
    List<Long> left = store.read(r -> r.runs().scheduledDue(at.plusSeconds(60)));
    assertThat(left).containsExactly(later);
    // Not in the active set while scheduled: nothing advances it before its time.
    List<Long> active = store.read(r -> r.runs().active());
    assertThat(active).doesNotContain(later);
  }

  @Test
  void aRecurringSchedulesFiringIsClaimedOnceAndRemembered() {
    Instant at = T0.plusSeconds(60);
    Optional<RunRepository.Firing> never = store.read(r -> r.runs().lastFiring("nightly"));
    assertThat(never).isEmpty();
    boolean first = store.write(r -> r.runs().claimFiring("nightly", at, "0 22 * * *|UTC"));
    boolean again = store.write(r -> r.runs().claimFiring("nightly", at, "0 22 * * *|UTC"));
    boolean other = store.write(r -> r.runs().claimFiring("other", at, "x"));
    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(other).isTrue();
    write(r -> r.runs().fired("nightly", at, 42L, "REQUESTED", "request 42"));
    boolean earlier = store.write(r -> r.runs().claimFiring("nightly", T0, "older"));
    assertThat(earlier).isTrue();
    Optional<RunRepository.Firing> last = store.read(r -> r.runs().lastFiring("nightly"));
    assertThat(last).contains(new RunRepository.Firing(at, "0 22 * * *|UTC"));
  }

  @Test
  void outboxEffectsAreClaimedUnderALeaseAndRemovedOnceApplied() {
    long a = store.write(r -> r.outbox().add("requestEnded", "{\"requestId\":1}", T0));
    long b = store.write(r -> r.outbox().add("statusAdded", "{}", T0));
    List<Long> all = read(r -> r.outbox().claimable(T0, 10));
    assertThat(all).containsExactly(a, b);
    Instant lease = T0.plusSeconds(30);
    var first = store.write(r -> r.outbox().claim(a, T0, lease));
    assertThat(first).map(OutboxRepository.Effect::kind).contains("requestEnded");
    assertThat(first).map(OutboxRepository.Effect::payload).contains("{\"requestId\":1}");
    var second = store.write(r -> r.outbox().claim(a, T0.plusSeconds(29), lease));
    assertThat(second).as("held by the first claimer").isEmpty();
    List<Long> free = read(r -> r.outbox().claimable(T0.plusSeconds(29), 10));
    assertThat(free).containsExactly(b);
    var afterLease = store.write(r -> r.outbox().claim(a, lease, lease.plusSeconds(30)));
    assertThat(afterLease).as("the claimer died: its lease ran out").isPresent();
    write(r -> r.outbox().remove(a));
    var gone = store.write(r -> r.outbox().claim(a, lease.plusSeconds(60), lease.plusSeconds(90)));
    assertThat(gone).isEmpty();
    List<Long> left = read(r -> r.outbox().claimable(lease.plusSeconds(60), 10));
    assertThat(left).containsExactly(b);
  }

  /**
   * An environment's concurrency limit, its requests by state in the order they were made, and the
   * environment's lock: a second transaction taking it waits for the first to end, so two nodes
   * never both see a free place.
   */
  @Test
  void anEnvironmentsLimitItsQueueAndTheLockThatSerializesStarts() throws Exception {
    String app = "ContinuousTestServices";
    assertThat(this.<Integer>read(r -> r.runs().concurrency(app, "Production"))).isZero();
    EnvironmentSpec e =
        (EnvironmentSpec)
            read(r -> r.config().find(new ObjectKey(Kind.ENVIRONMENT, app, "Production")))
                .orElseThrow();
    write(
        r ->
            r.config()
                .save(
                    new EnvironmentSpec(
                        e.application(),
                        e.name(),
                        e.order(),
                        e.description(),
                        e.properties(),
                        e.componentProperties(),
                        e.gate(),
                        e.approval(),
                        e.resources(),
                        2)));
    assertThat(this.<Integer>read(r -> r.runs().concurrency(app, "Production"))).isEqualTo(2);
    assertThat(store.<Integer>write(r -> r.runs().lockEnvironment(app, "Production"))).isEqualTo(2);
    assertThat(store.<Integer>write(r -> r.runs().lockEnvironment(app, "Nowhere"))).isZero();
    long a = request();
    long b = request();
    long c = request();
    write(r -> r.runs().markRunning(b));
    assertThat(
            this.<List<Long>>read(
                r -> r.runs().inEnvironment(app, "Production", RequestState.QUEUED)))
        .containsExactly(a, c);
    assertThat(
            this.<List<Long>>read(
                r -> r.runs().inEnvironment(app, "Production", RequestState.RUNNING)))
        .containsExactly(b);
    assertThat(
            this.<List<Long>>read(
                r -> r.runs().inEnvironment(app, "Integration", RequestState.QUEUED)))
        .isEmpty();
    assertThat(this.<List<Long>>read(r -> r.runs().queueHeads(T0.plusSeconds(1))))
        .as("the oldest queued request of each environment")
        .containsExactly(a);
    assertThat(this.<List<Long>>read(r -> r.runs().queueHeads(T0)))
        .as("only those made before")
        .isEmpty();

    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first =
          pool.submit(
              () ->
                  store.write(
                      r -> {
                        r.runs().lockEnvironment(app, "Production");
                        held.countDown();
                        try {
                          assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException ex) {
                          throw new IllegalStateException(ex);
                        }
                        return null;
                      }));
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Integer> second =
          pool.submit(() -> store.write(r -> r.runs().lockEnvironment(app, "Production")));
      await("waits while the first holds the lock")
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !second.isDone());
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  /**
   * A claim whose answer died with the server is handed over again, still claimed; never one the
   * agent runs or one it said it started.
   */
  @Test
  void claimedWorkTheAgentNeverGotIsFoundAgainAndStaysClaimed() {
    long req = request();
    long step = step(req);
    write(r -> r.runs().dispatch(step, agentId, 1, T0, null));
    assertThat(this.<Boolean>read(r -> r.work().pending(agentId))).isFalse();
    write(r -> r.work().enqueue(step, agentId, 1, "{\"a\":1}", T0));
    assertThat(this.<Boolean>read(r -> r.work().pending(agentId))).as("unclaimed work").isTrue();
    List<WorkQueue.Item> claimed = store.write(r -> r.work().claim(agentId, T0, 10));
    assertThat(claimed).hasSize(1);
    assertThat(this.<Boolean>read(r -> r.work().pending(agentId))).as("claimed").isFalse();
    Instant poll = T0.plusSeconds(5);
    assertThat(this.<List<WorkQueue.Item>>read(r -> r.work().lost(agentId, List.of(), T0, 10)))
        .as("a claim of this very poll is not lost")
        .isEmpty();
    assertThat(
            this.<List<WorkQueue.Item>>read(r -> r.work().lost(agentId, List.of(step), poll, 10)))
        .as("the agent runs it")
        .isEmpty();
    List<WorkQueue.Item> lost =
        this.<List<WorkQueue.Item>>read(r -> r.work().lost(agentId, List.of(step + 1), poll, 10));
    assertThat(lost).extracting(WorkQueue.Item::stepId).containsExactly(step);
    assertThat(lost.get(0).payload()).isEqualTo("{\"a\":1}");
    assertThat(this.<Boolean>read(r -> r.work().claimed(step, 1, agentId)))
        .as("found again, still the agent's: its reports on it are accepted")
        .isTrue();
    assertThat(this.<List<WorkQueue.Item>>read(r -> r.work().lost(agentId, List.of(), poll, 0)))
        .as("at most max")
        .isEmpty();
    write(r -> r.runs().started(step, agentId, 1));
    assertThat(
            this.<List<WorkQueue.Item>>read(
                r -> r.work().lost(agentId, List.of(), poll.plusSeconds(5), 10)))
        .as("a step the agent said it started is never handed over again")
        .isEmpty();
  }

  /**
   * Work a result's answer hands over is queued already claimed: no poll claims it again, the
   * agent's reports on it are accepted, and if the answer is lost the next poll finds it again.
   */
  @Test
  void workQueuedClaimedIsTheAgentsAtOnceAndFoundAgainIfItsAnswerWasLost() {
    long req = request();
    long step = step(req);
    write(r -> r.runs().dispatch(step, agentId, 1, T0, null));
    assertThat(this.<Optional<String>>read(r -> r.work().claimedPayload(step, 1, agentId)))
        .as("nothing queued yet")
        .isEmpty();
    WorkQueue.Item item =
        store.write(r -> r.work().enqueueClaimed(step, agentId, 1, "{\"b\":2}", T0));
    assertThat(item.stepId()).isEqualTo(step);
    assertThat(item.attempt()).isEqualTo(1);
    assertThat(item.payload()).isEqualTo("{\"b\":2}");
    assertThat(item.createdAt()).isEqualTo(T0);
    assertThat(this.<Boolean>read(r -> r.work().pending(agentId))).as("nothing to claim").isFalse();
    List<WorkQueue.Item> polled = store.write(r -> r.work().claim(agentId, T0, 10));
    assertThat(polled).as("a poll does not claim it again").isEmpty();
    assertThat(this.<Boolean>read(r -> r.work().claimed(step, 1, agentId))).isTrue();
    assertThat(this.<Optional<String>>read(r -> r.work().claimedPayload(step, 1, agentId)))
        .contains("{\"b\":2}");
    assertThat(this.<Optional<String>>read(r -> r.work().claimedPayload(step, 2, agentId)))
        .as("another attempt")
        .isEmpty();
    assertThat(this.<Optional<String>>read(r -> r.work().claimedPayload(step, 1, agentId + 1)))
        .as("another agent")
        .isEmpty();
    List<WorkQueue.Item> lost =
        this.<List<WorkQueue.Item>>read(
            r -> r.work().lost(agentId, List.of(), T0.plusSeconds(5), 10));
    assertThat(lost).extracting(WorkQueue.Item::id).containsExactly(item.id());
  }

  /** Work queued and not yet claimed is not the agent's: its payload is not handed to a report. */
  @Test
  void anUnclaimedPayloadIsNotTheAgents() {
    long req = request();
    long step = step(req);
    write(r -> r.runs().dispatch(step, agentId, 1, T0, null));
    write(r -> r.work().enqueue(step, agentId, 1, "{\"c\":3}", T0));
    assertThat(this.<Optional<String>>read(r -> r.work().claimedPayload(step, 1, agentId)))
        .isEmpty();
    List<WorkQueue.Item> claimed = store.write(r -> r.work().claim(agentId, T0, 10));
    assertThat(claimed).hasSize(1);
    assertThat(this.<Optional<String>>read(r -> r.work().claimedPayload(step, 1, agentId)))
        .contains("{\"c\":3}");
  }

  @Test
  void runtimeComponentEnvironmentValuesAreRecordedPerEnvironment() {
    long req = request();
    write(
        r ->
            r.runs()
                .setRuntimeProperty(
                    "ContinuousTestServices",
                    "Production",
                    "SimpleTopologyService",
                    "imageId",
                    "sha256:1",
                    req,
                    T0));
    write(
        r ->
            r.runs()
                .setRuntimeProperty(
                    "ContinuousTestServices",
                    "Production",
                    "SimpleTopologyService",
                    "imageId",
                    "sha256:2",
                    req,
                    T0.plusSeconds(5)));
    write(
        r ->
            r.runs()
                .setRuntimeProperty(
                    "ContinuousTestServices",
                    "Integration Test",
                    "SimpleTopologyService",
                    "imageId",
                    "sha256:9",
                    req,
                    T0));
    List<RunRepository.RuntimeProperty> prod =
        read(r -> r.runs().runtimeProperties("ContinuousTestServices", "Production"));
    assertThat(prod)
        .containsExactly(
            new RunRepository.RuntimeProperty(
                "SimpleTopologyService", "imageId", "sha256:2", T0.plusSeconds(5), req));
  }
}
