package io.shiplock.core.service;

import io.shiplock.core.config.Change;
import io.shiplock.core.config.ConfigException;
import io.shiplock.core.config.ConfigWriter;
import io.shiplock.core.config.ModelProperties;
import io.shiplock.core.config.Plan;
import io.shiplock.core.config.Planner;
import io.shiplock.core.config.Problem;
import io.shiplock.core.config.PropertyEdits;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.store.ConfigRepository;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Configuration as code against the store: plan (read only), apply (one transaction under the
 * configuration lock, so an error changes nothing), export and reads. Secure values are encrypted
 * before they reach the store and masked in everything this class returns. Snapshots ride along:
 * read, planned and exported with the configuration, created through their own repository.
 */
public final class ConfigService {
  private final Store store;
  private final Planner planner;
  private final SecretBox secrets;
  private final Clock clock;

  public ConfigService(Store store, Planner planner, SecretBox secrets, Clock clock) {
    this.store = store;
    this.planner = planner;
    this.secrets = secrets;
    this.clock = clock;
  }

  public Plan plan(List<SourceFile> files, boolean prune) {
    return store.read(r -> plan(r, files, prune));
  }

  private Plan plan(Repositories r, List<SourceFile> files, boolean prune) {
    return plan(r, current -> files, prune);
  }

  /** Plans the files made from the current objects ({@code edit}), or given ({@code apply}). */
  private Plan plan(
      Repositories r, Function<List<ConfigObject>, List<SourceFile>> files, boolean prune) {
    List<ConfigObject> current = decrypted(r.config());
    return planner.plan(
        files.apply(current),
        current,
        prune,
        u -> r.users().find(u).isPresent(),
        new StoredSnapshots(r));
  }

  /** Applies as the system (the demo, tests): snapshots it creates are created by "system". */
  public Plan apply(List<SourceFile> files, boolean prune) {
    return apply(files, prune, "system", (r, plan) -> {});
  }

  /**
   * Applies for user {@code by} (who the snapshots it creates are created by), and when anything
   * changed runs {@code alsoWrite} in the same transaction (the audit entry of the change): both
   * are written or neither.
   */
  public Plan apply(
      List<SourceFile> files, boolean prune, String by, BiConsumer<Repositories, Plan> alsoWrite) {
    return apply(current -> files, prune, by, alsoWrite);
  }

  /**
   * Changes configuration objects the way an apply of them would, with the change computed under
   * the configuration lock from what is there ({@code change} gets the current objects, secure
   * values in clear, and answers the objects as they are to become). The objects go through the
   * planner as files do, so every rule of the files holds (names, references, step parameters); a
   * refusal is a {@link ConfigException} and changes nothing. {@code source} names them in
   * problems. Used by the UCD calls that create components, environments and processes.
   */
  public Plan edit(
      String source,
      Function<List<ConfigObject>, List<ConfigObject>> change,
      String by,
      BiConsumer<Repositories, Plan> alsoWrite) {
    return apply(
        current -> List.of(new SourceFile(source, ConfigWriter.toYaml(change.apply(current)))),
        false,
        by,
        alsoWrite);
  }

  private Plan apply(
      Function<List<ConfigObject>, List<SourceFile>> files,
      boolean prune,
      String by,
      BiConsumer<Repositories, Plan> alsoWrite) {
    return store.write(
        r -> {
          ConfigRepository config = r.config();
          long revision = config.lock();
          Plan plan = plan(r, files, prune);
          refuseDeletingUsedComponents(r, plan);
          if (plan.isEmpty()) return plan.applied(revision);
          revision = config.nextRevision();
          // Deletes run in reverse dependency order: environments before applications, etc.
          plan.changes().stream()
              .filter(c -> c.action() == Change.Action.DELETE)
              .map(Change::key)
              .sorted(Comparator.reverseOrder())
              .forEach(config::delete);
          plan.toSave().stream().map(this::encrypted).forEach(config::save);
          new StoredSnapshots(r).create(plan.toCreate(), by, clock.instant());
          Plan applied = plan.applied(revision);
          alsoWrite.accept(r, applied);
          return applied;
        });
  }

  /**
   * Sets one property of a configuration object ({@code component} names the component of a
   * component-environment property, else null) exactly as an apply of that change would: in one
   * transaction under the configuration lock, the secure value encrypted, a new revision (the
   * engine's configuration cache starts over on it), and {@code alsoWrite} (the audit entry, given
   * the new revision) in the same transaction. Setting the value it has already changes nothing.
   * The stored configuration now differs from the files it was applied from: {@code export} shows
   * the new value and the next plan of those files shows the difference.
   */
  public PropertyEdits.Edited setProperty(
      ObjectKey key,
      String component,
      String name,
      String value,
      Boolean secure,
      BiConsumer<Repositories, Long> alsoWrite) {
    return store.write(
        r -> {
          ConfigRepository config = r.config();
          config.lock();
          ConfigObject current =
              config
                  .find(key)
                  .map(this::decrypted)
                  .orElseThrow(
                      () ->
                          new ConfigException(
                              List.of(new Problem(null, "", key + " does not exist"))));
          PropertyEdits.Edited edited =
              PropertyEdits.set(current, component, name, value, secure, config::find);
          if (!edited.changed()) return edited;
          config.save(encrypted(edited.object()));
          alsoWrite.accept(r, config.nextRevision());
          return edited;
        });
  }

  private static void refuseDeletingUsedComponents(Repositories r, Plan plan) {
    List<Problem> problems = new ArrayList<>();
    for (Change c : plan.changes()) {
      if (c.action() == Change.Action.DELETE
          && c.key().kind() == Kind.COMPONENT
          && !r.versions().list(c.key().name(), 1).isEmpty()) {
        problems.add(
            new Problem(
                null,
                "",
                "component '"
                    + c.key().name()
                    + "' has versions and is not deleted by --prune; delete its versions first"
                    + " or keep it in the files"));
      }
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
  }

  /**
   * Canonical YAML of everything, secure values masked, then the snapshots; applies back to the
   * same state.
   */
  public String export() {
    return store.read(
        r ->
            ConfigWriter.toYaml(
                r.config().all().stream().map(ModelProperties::masked).toList(),
                new StoredSnapshots(r).all()));
  }

  public List<ConfigObject> list(Kind kind) {
    return store.read(r -> r.config().list(kind).stream().map(ModelProperties::masked).toList());
  }

  public Optional<ConfigObject> find(ObjectKey key) {
    return store.read(r -> r.config().find(key).map(ModelProperties::masked));
  }

  public long revision() {
    return store.read(r -> r.config().revision());
  }

  private List<ConfigObject> decrypted(ConfigRepository config) {
    return config.all().stream().map(this::decrypted).toList();
  }

  private ConfigObject decrypted(ConfigObject o) {
    return ModelProperties.map(
        o,
        (path, v) ->
            v.secure() && v.value() != null ? PropertyValue.secret(secrets.decrypt(v.value())) : v);
  }

  private ConfigObject encrypted(ConfigObject o) {
    return ModelProperties.map(
        o,
        (path, v) ->
            v.secure() && v.value() != null && !SecretBox.isEncrypted(v.value())
                ? PropertyValue.secret(secrets.encrypt(v.value()))
                : v);
  }
}
