package io.shiplock.server.engine;

import io.shiplock.core.store.InventoryRepository.Place;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.RunRepository.VersionRef;
import java.util.Optional;

/**
 * The version a component process works on: the one its target names (the requested version of an
 * install, the earlier version of a rollback), else the one the request names, else (for an
 * operational process such as a restart) the one the inventory says is on the target.
 */
final class TargetVersion {
  private TargetVersion() {}

  static Place place(StepStarter.Ctx c, StepRun target) {
    return new Place(
        c.request().application(),
        c.request().environment(),
        target.resourcePath(),
        target.component());
  }

  static Optional<VersionRef> of(StepStarter.Ctx c, StepRun target) {
    if (target == null) return Optional.empty();
    if (target.versionId() != null) {
      long id = target.versionId();
      return c.once(
          "version#" + id,
          () ->
              c.repos()
                  .versions()
                  .find(id)
                  .map(v -> new VersionRef(v.component(), v.name(), v.id())));
    }
    Optional<VersionRef> requested =
        c.request().versions().stream()
            .filter(v -> v.component().equals(target.component()))
            .findFirst();
    if (requested.isPresent()) return requested;
    // Once per event: a step's start asks twice (its properties, its payload).
    Place place = place(c, target);
    return c.once(
        "actual#" + place,
        () ->
            c.repos()
                .inventory()
                .find(place)
                .flatMap(e -> e.actual())
                .map(a -> new VersionRef(target.component(), a.version(), a.versionId())));
  }
}
