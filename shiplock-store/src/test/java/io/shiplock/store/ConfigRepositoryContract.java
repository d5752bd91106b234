package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.ResourceSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class ConfigRepositoryContract extends StoreContract {
  private final List<ConfigObject> example = Examples.objects();

  private void saveAll(List<ConfigObject> objects) {
    write(r -> objects.forEach(r.config()::save));
  }

  private static List<ConfigObject> sorted(List<ConfigObject> objects) {
    return objects.stream().sorted(Comparator.comparing(ConfigObject::key)).toList();
  }

  @Test
  void everyKindReadsBackAsSaved() {
    saveAll(example);
    assertThat(sorted(all())).isEqualTo(sorted(example));
    for (ConfigObject o : example) {
      assertThat(findKey(o.key())).contains(o);
    }
    assertThat(list(Kind.ENVIRONMENT))
        .extracting(ConfigObject::name)
        .containsExactly(
            "Integration Test",
            "Private Docker Registry",
            "Production",
            "Public DockerHub",
            "Swarm");
  }

  @Test
  void savingAgainReplacesNestedParts() {
    saveAll(example);
    ComponentSpec c = (ComponentSpec) find(Kind.COMPONENT, null, "SimpleTopologyService");
    ComponentSpec changed =
        new ComponentSpec(
            c.name(),
            "new description",
            Map.of(
                "imageName",
                PropertyValue.plain("renamed"),
                "key",
                PropertyValue.secret("enc:v1:x:y")),
            c.environmentProperties().subList(0, 1),
            c.processes().subList(1, 3));
    EnvironmentSpec e =
        (EnvironmentSpec) find(Kind.ENVIRONMENT, "ContinuousTestServices", "Production");
    EnvironmentSpec moved =
        new EnvironmentSpec(
            e.application(),
            e.name(),
            9,
            e.description(),
            Map.of(),
            Map.of("SimpleTopologyService", Map.of("imageId", PropertyValue.plain("sha256:1"))),
            null,
            e.approval(),
            List.of(
                new ResourceSpec(
                    "other-host",
                    "integration-agent",
                    null,
                    List.of(
                        new ResourceSpec(
                            "SimpleTopologyService", null, "SimpleTopologyService", List.of())))),
            1);
    saveAll(List.of(changed, moved));
    assertThat(find(Kind.COMPONENT, null, c.name())).isEqualTo(changed);
    assertThat(find(Kind.ENVIRONMENT, e.application(), e.name())).isEqualTo(moved);
  }

  @Test
  void deletingAnApplicationDeletesItsEnvironments() {
    saveAll(example);
    assertThat(delete(ObjectKey.of(Kind.APPLICATION, "ContinuousTestServices"))).isTrue();
    assertThat(list(Kind.ENVIRONMENT)).isEmpty();
    assertThat(list(Kind.COMPONENT)).hasSize(1);
    assertThat(delete(ObjectKey.of(Kind.APPLICATION, "ContinuousTestServices"))).isFalse();
  }

  @Test
  void deletingAComponentRemovesItFromApplicationsAndResources() {
    saveAll(example);
    write(r -> r.config().delete(ObjectKey.of(Kind.COMPONENT, "SimpleTopologyService")));
    var app = find(Kind.APPLICATION, null, "ContinuousTestServices");
    assertThat(((ApplicationSpec) app).components()).isEmpty();
    var env = (EnvironmentSpec) find(Kind.ENVIRONMENT, "ContinuousTestServices", "Production");
    assertThat(env.resources().get(0).children().get(0).children()).isEmpty();
  }

  @Test
  void aFailedTransactionLeavesNothingBehind() {
    try {
      write(
          r -> {
            example.forEach(r.config()::save);
            throw new IllegalStateException("boom");
          });
    } catch (IllegalStateException expected) {
      // the point of the test
    }
    assertThat(all()).isEmpty();
  }

  @Test
  void revisionsCountUnderTheLock() {
    long locked = read(r -> r.config().lock());
    assertThat(locked).isZero();
    long next = store.write(r -> r.config().nextRevision());
    assertThat(next).isEqualTo(1);
    long revision = read(r -> r.config().revision());
    assertThat(revision).isEqualTo(1);
  }

  private ConfigObject find(Kind kind, String app, String name) {
    return read(r -> r.config().find(new ObjectKey(kind, app, name))).orElseThrow();
  }

  private List<ConfigObject> all() {
    return read(r -> r.config().all());
  }

  private List<ConfigObject> list(Kind kind) {
    return read(r -> r.config().list(kind));
  }

  private Optional<ConfigObject> findKey(ObjectKey key) {
    return read(r -> r.config().find(key));
  }

  private boolean delete(ObjectKey key) {
    return store.write(r -> r.config().delete(key));
  }
}
