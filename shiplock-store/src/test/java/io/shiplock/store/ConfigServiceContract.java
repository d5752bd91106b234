package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.config.Change;
import io.shiplock.core.config.ConfigException;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.Planner;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.service.ConfigService;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.AuditRepository.Event;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Configuration as code end to end on a real store: idempotent, transactional, round-tripping. */
abstract class ConfigServiceContract extends StoreContract {
  private static final String CANARY = "canary-7f3a9c1e5b";
  private final SecretBox secrets = new SecretBox(List.of(SecretBox.newKey()));
  private ConfigService service;

  @BeforeEach
  void service() {
    service = serviceOn(store);
  }

  private ConfigService serviceOn(Store s) {
    return new ConfigService(s, new Planner(StepCatalog.discover()), secrets, Clock.systemUTC());
  }

  @Test
  void applyIsIdempotent() {
    Plan first = service.apply(Examples.files(), false);
    assertThat(first.count(Change.Action.CREATE)).isEqualTo(19);
    assertThat(first.revision()).isEqualTo(1);
    Plan second = service.apply(Examples.files(), false);
    assertThat(second.isEmpty()).isTrue();
    assertThat(second.summary()).isEqualTo("no changes");
    assertThat(second.revision()).as("no change, no new revision").isEqualTo(1);
    assertThat(service.plan(Examples.files(), true).isEmpty()).isTrue();
  }

  @Test
  void concurrentAppliesSerializeUnderTheLock() throws Exception {
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Plan>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++)
        results.add(pool.submit(() -> service.apply(Examples.files(), false)));
      long changed = 0;
      for (var f : results) if (!f.get().isEmpty()) changed++;
      assertThat(changed).as("exactly one apply creates, the others see no change").isEqualTo(1);
      assertThat(service.revision()).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void planChangesNothing() {
    Plan plan = service.plan(Examples.files(), false);
    assertThat(plan.count(Change.Action.CREATE)).isEqualTo(19);
    assertThat(service.list(Kind.COMPONENT)).isEmpty();
    assertThat(service.revision()).isZero();
  }

  @Test
  void anInvalidApplyChangesNothing() {
    service.apply(Examples.files(), false);
    String before = service.export();
    List<SourceFile> files = new ArrayList<>(Examples.files());
    files.add(
        new SourceFile(
            "broken.yaml",
            "kind: Agent\nname: new-agent\n---\nkind: Status\nname: X\nscope: nowhere\n"));
    files.set(
        0,
        new SourceFile(
            files.get(0).name(),
            files.get(0).content().replace("color: \"#c62828\"", "color: \"#000000\"")));
    assertThatThrownBy(() -> service.apply(files, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "broken.yaml:6:8: scope: scope must be 'version', 'inventory' or 'snapshot'");
    assertThat(service.export()).isEqualTo(before);
    assertThat(service.revision()).isEqualTo(1);
  }

  @Test
  void whatIsWrittenWithAnApplyCommitsWithItOrNotAtAll() {
    service.apply(Examples.files(), false);
    String before = service.export();
    List<SourceFile> files = new ArrayList<>(Examples.files());
    files.add(new SourceFile("more.yaml", "kind: Agent\nname: new-agent\n"));
    // The companion write (the audit entry, in the server) fails: the apply is rolled back too.
    assertThatThrownBy(
            () ->
                service.apply(
                    files,
                    false,
                    "ci",
                    (r, plan) -> {
                      r.audit()
                          .append(
                              Event.of("ci", "config.apply", "x", "success", null), Instant.now());
                      throw new IllegalStateException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(service.export()).isEqualTo(before);
    assertThat(service.revision()).isEqualTo(1);
    List<Event> audit = read(r -> r.audit().list(null, null, "config.apply", 10));
    assertThat(audit).isEmpty();
    // And when it succeeds, both are there.
    Plan plan =
        service.apply(
            files,
            false,
            "ci",
            (r, p) ->
                r.audit()
                    .append(
                        Event.of("ci", "config.apply", "revision " + p.revision(), "success", null),
                        Instant.now()));
    assertThat(plan.revision()).isEqualTo(2);
    List<Event> after = read(r -> r.audit().list(null, null, "config.apply", 10));
    assertThat(after).extracting(e -> e.target()).containsExactly("revision 2");
  }

  @Test
  void exportAppliesBackToTheSameState() {
    service.apply(Examples.files(), false);
    String exported = service.export();
    try (Store empty = JdbcStore.open(TestDatabases.of(dialect()))) {
      ConfigService other = serviceOn(empty);
      Plan plan = other.apply(List.of(new SourceFile("export.yaml", exported)), false);
      assertThat(plan.count(Change.Action.CREATE)).isEqualTo(19);
      assertThat(other.export()).isEqualTo(exported);
    }
  }

  @Test
  void pruneDeletesWhatTheFilesNoLongerHoldButNeverComponentsWithVersions() {
    service.apply(Examples.files(), false);
    List<SourceFile> statusesOnly =
        Examples.files().stream().filter(f -> f.name().equals("statuses.yaml")).toList();
    store.write(
        r ->
            r.versions()
                .create("SimpleTopologyService", "1.0", null, Map.of(), "me", Instant.now()));
    assertThatThrownBy(() -> service.apply(statusesOnly, true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("component 'SimpleTopologyService' has versions");
    assertThat(service.list(Kind.ENVIRONMENT)).hasSize(5);
    Plan kept = service.apply(statusesOnly, false);
    assertThat(kept.isEmpty()).isTrue();
  }

  @Test
  void pruneDeletesInDependencyOrder() {
    service.apply(Examples.files(), false);
    List<SourceFile> statusesOnly =
        Examples.files().stream().filter(f -> f.name().equals("statuses.yaml")).toList();
    Plan pruned = service.apply(statusesOnly, true);
    assertThat(pruned.count(Change.Action.DELETE)).isEqualTo(14);
    assertThat(service.list(Kind.STATUS)).hasSize(5);
    assertThat(service.list(Kind.COMPONENT)).isEmpty();
  }

  @Test
  void secureValuesAreEncryptedAtRestAndNeverReturned() throws Exception {
    String yaml =
        "kind: Application\nname: Vault\nproperties:\n  token: {secure: true, value: "
            + CANARY
            + "}\n  plain: visible\n";
    service.apply(List.of(new SourceFile("vault.yaml", yaml)), false);
    ApplicationSpec app =
        (ApplicationSpec) service.find(ObjectKey.of(Kind.APPLICATION, "Vault")).orElseThrow();
    assertThat(app.properties().get("token")).isEqualTo(new PropertyValue(null, true));
    assertThat(app.properties().get("plain")).isEqualTo(PropertyValue.plain("visible"));
    assertThat(service.export()).doesNotContain(CANARY).contains("secure: true");
    assertThat(databaseText()).doesNotContain(CANARY).contains("enc:v1:");
    // Re-applying the same value is no change: it is compared in clear, inside the service.
    assertThat(service.apply(List.of(new SourceFile("vault.yaml", yaml)), false).isEmpty())
        .isTrue();
  }

  private static final String SMALL =
      """
      kind: Component
      name: Web
      environmentProperties:
        - {name: imageId, description: the image}
        - {name: dbPassword, secure: true}
      ---
      kind: Component
      name: Other
      ---
      kind: Application
      name: Shop
      components: [Web]
      properties: {color: blue}
      ---
      kind: Environment
      application: Shop
      name: DEV
      order: 1
      """;

  private static final ObjectKey DEV = new ObjectKey(Kind.ENVIRONMENT, "Shop", "DEV");

  @Test
  void aSetterChangesTheConfigurationAsAnApplyWouldAndThePlanShowsTheDifference() {
    List<SourceFile> files = List.of(new SourceFile("shop.yaml", SMALL));
    service.apply(files, false);
    List<Long> audited = new ArrayList<>();
    var set =
        service.setProperty(DEV, null, "db.url", "jdbc:x", null, (r, rev) -> audited.add(rev));
    assertThat(set.changed()).isTrue();
    assertThat(set.secure()).isFalse();
    assertThat(audited).containsExactly(2L);
    assertThat(service.revision()).isEqualTo(2);
    assertThat(service.export()).contains("db.url: jdbc:x");
    Plan back = service.plan(files, false);
    assertThat(back.changes()).extracting(c -> c.key()).containsExactly(DEV);
    assertThat(back.changes().get(0).action()).isEqualTo(Change.Action.UPDATE);
    // The same value again is no change: no revision, nothing written beside it.
    var again =
        service.setProperty(DEV, null, "db.url", "jdbc:x", null, (r, rev) -> audited.add(rev));
    assertThat(again.changed()).isFalse();
    assertThat(audited).hasSize(1);
    assertThat(service.revision()).isEqualTo(2);
    // Applying the files again puts their state back.
    assertThat(service.apply(files, false).changes()).hasSize(1);
    assertThat(service.export()).doesNotContain("db.url");
  }

  @Test
  void aSecureValueIsEncryptedAndStaysSecureUnlessSaidOtherwise() throws Exception {
    service.apply(List.of(new SourceFile("shop.yaml", SMALL)), false);
    ObjectKey shop = ObjectKey.of(Kind.APPLICATION, "Shop");
    assertThat(service.setProperty(shop, null, "token", CANARY, true, (r, v) -> {}).secure())
        .isTrue();
    assertThat(databaseText()).doesNotContain(CANARY).contains("enc:v1:");
    assertThat(service.export()).doesNotContain(CANARY);
    // Left out, isSecure keeps it secure; a component-environment property defined secure is so.
    assertThat(service.setProperty(shop, null, "token", "second", null, (r, v) -> {}).secure())
        .isTrue();
    assertThat(service.setProperty(DEV, "Web", "dbPassword", CANARY, false, (r, v) -> {}).secure())
        .isTrue();
    assertThat(databaseText()).doesNotContain(CANARY);
    var app = (ApplicationSpec) service.find(shop).orElseThrow();
    assertThat(app.properties().get("token")).isEqualTo(new PropertyValue(null, true));
    assertThat(app.properties().get("color")).isEqualTo(PropertyValue.plain("blue"));
  }

  @Test
  void aComponentEnvironmentValueNeedsItsDefinitionAndTheComponentInTheApplication() {
    service.apply(List.of(new SourceFile("shop.yaml", SMALL)), false);
    service.setProperty(DEV, "Web", "imageId", "sha256:1", null, (r, v) -> {});
    assertThat(service.export()).contains("imageId: sha256:1");
    assertThatThrownBy(() -> service.setProperty(DEV, "Web", "imageID", "x", null, (r, v) -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "component 'Web' defines no environment property named 'imageID', did you mean"
                + " 'imageId'?");
    assertThatThrownBy(() -> service.setProperty(DEV, "Other", "x", "x", null, (r, v) -> {}))
        .hasMessageContaining("component 'Other' is not part of application 'Shop'");
    assertThatThrownBy(() -> service.setProperty(DEV, null, "a b", "x", null, (r, v) -> {}))
        .hasMessageContaining("invalid property name 'a b'");
    assertThat(service.revision()).isEqualTo(2);
  }

  @Test
  void whatIsWrittenWithASetterCommitsWithItOrNotAtAll() {
    service.apply(List.of(new SourceFile("shop.yaml", SMALL)), false);
    String before = service.export();
    assertThatThrownBy(
            () ->
                service.setProperty(
                    DEV,
                    null,
                    "x",
                    "y",
                    null,
                    (r, rev) -> {
                      throw new IllegalStateException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(service.export()).isEqualTo(before);
    assertThat(service.revision()).isEqualTo(1);
  }

  @Test
  void concurrentSettersOfDifferentNamesAllSurvive() throws Exception {
    service.apply(List.of(new SourceFile("shop.yaml", SMALL)), false);
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "p" + i;
        results.add(
            pool.submit(() -> service.setProperty(DEV, null, name, name, null, (r, v) -> {})));
      }
      for (var f : results) f.get();
    } finally {
      pool.shutdown();
    }
    var env = (EnvironmentSpec) service.find(DEV).orElseThrow();
    assertThat(env.properties()).hasSize(8);
    assertThat(service.revision()).isEqualTo(9);
  }

  /** Every text column of the property table, as the database holds it. */
  private String databaseText() throws Exception {
    StringBuilder sb = new StringBuilder();
    try (var c = rawConnection();
        var rs = c.createStatement().executeQuery("SELECT name, prop_value FROM property")) {
      while (rs.next()) sb.append(rs.getString(1)).append('=').append(rs.getString(2)).append('\n');
    }
    return sb.toString();
  }
}
