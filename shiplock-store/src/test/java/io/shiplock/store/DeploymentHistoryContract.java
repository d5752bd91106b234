package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.insights.Deployment;
import io.shiplock.core.insights.Deployment.Change;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment history the delivery insights read: ended requests of one environment, oldest
 * first, with what they deployed and each version's commit time, on every store.
 */
abstract class DeploymentHistoryContract extends StoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String APP = "ContinuousTestServices";
  private static final String C = "SimpleTopologyService";
  private Change imported;
  private Change made;

  @BeforeEach
  void example() {
    write(r -> Examples.objects().forEach(r.config()::save));
    long a =
        store
            .write(
                r ->
                    r.versions()
                        .create(
                            C,
                            "abc123",
                            null,
                            Map.of(
                                "commit.date",
                                PropertyValue.plain("2026-01-01T08:30:00Z"),
                                "commit.sha",
                                PropertyValue.plain("abc123")),
                            "source:git",
                            T0))
            .id();
    long b =
        store
            .write(r -> r.versions().create(C, "2.0", null, Map.of(), "ci", T0.plusSeconds(60)))
            .id();
    imported = new Change(C, "abc123", a, Instant.parse("2026-01-01T08:30:00Z"), T0);
    made = new Change(C, "2.0", b, null, T0.plusSeconds(60));
  }

  private Instant at(int hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  private long request(String env, List<Change> versions, RequestState ends, Instant at) {
    ApplicationSpec app =
        (ApplicationSpec)
            store.read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, APP))).orElseThrow();
    return store.write(
        r -> {
          long id =
              r.runs()
                  .create(
                      new RunRepository.NewRequest(
                          APP,
                          env,
                          app.process("pull_run").orElseThrow(),
                          "alice",
                          at.minusSeconds(600),
                          Map.of(),
                          versions.stream()
                              .map(
                                  v ->
                                      new RunRepository.VersionRef(
                                          v.component(), v.version(), v.versionId()))
                              .toList(),
                          null,
                          null,
                          null));
          if (ends != null) r.runs().finish(id, ends, null, at);
          return id;
        });
  }

  /** A target of the request's tree working on {@code version} (a rollback's earlier one). */
  private void target(long request, Change version) {
    write(
        r ->
            r.runs()
                .insert(
                    StepRun.of(request, NodeKind.TARGET, "docker/" + C, "component.process")
                        .placed(C, "docker/" + C, null)
                        .versionId(version.versionId())
                        .build()));
  }

  private List<Deployment> history(String env, Instant until) {
    return read(r -> r.runs().deployments(APP, env, until));
  }

  @Test
  void endedRequestsComeOldestFirstWithTheirVersionsAndCommitTimes() {
    long second = request("Production", List.of(made), RequestState.FAILED, at(3));
    long first = request("Production", List.of(imported), RequestState.SUCCEEDED, at(2));
    assertThat(history("Production", at(10)))
        .containsExactly(
            new Deployment(first, at(2), true, List.of(imported)),
            new Deployment(second, at(3), false, List.of(made)));
  }

  @Test
  void onlyEndedDeploymentsOfTheEnvironmentBeforeUntilAreRead() {
    long kept = request("Production", List.of(made), RequestState.SUCCEEDED, at(1));
    request("Production", List.of(made), RequestState.CANCELED, at(2));
    request("Production", List.of(made), null, at(3)); // still queued
    request("Production", List.of(), RequestState.SUCCEEDED, at(4)); // deployed nothing
    request("Integration Test", List.of(made), RequestState.SUCCEEDED, at(5));
    request("Production", List.of(made), RequestState.SUCCEEDED, at(6)); // at until: after
    assertThat(history("Production", at(6)))
        .containsExactly(new Deployment(kept, at(1), true, List.of(made)));
    assertThat(history("Nowhere", at(6))).isEmpty();
  }

  @Test
  void whatTheTargetsWorkedOnIsWhatWasDeployed() {
    // A rollback names no version; its target put the earlier one back.
    long rollback = request("Production", List.of(), RequestState.SUCCEEDED, at(2));
    target(rollback, imported);
    target(rollback, imported); // a second resource: the version once
    // An install names its version and its targets work on it: once.
    long install = request("Production", List.of(made), RequestState.SUCCEEDED, at(1));
    target(install, made);
    assertThat(history("Production", at(10)))
        .containsExactly(
            new Deployment(install, at(1), true, List.of(made)),
            new Deployment(rollback, at(2), true, List.of(imported)));
  }
}
