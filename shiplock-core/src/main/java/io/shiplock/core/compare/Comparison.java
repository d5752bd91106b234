package io.shiplock.core.compare;

import io.shiplock.core.compare.EnvironmentState.Deployed;
import io.shiplock.core.compare.EnvironmentState.Shown;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two environments of an application side by side: the snapshot each runs, each component's
 * versions and inventory statuses, and every property, each row marked where they differ. Pure: it
 * compares two {@link EnvironmentState}s read before. {@code differences} counts the rows that
 * differ as a page shows them: the snapshot, each component's versions and its statuses apart, and
 * each property.
 *
 * <p>Secure values are never compared, only whether each side has one: they are stored encrypted
 * with a fresh nonce each, and telling whether two secrets are equal would itself give something
 * away.
 */
public record Comparison(
    String application,
    String left,
    String right,
    SnapshotRow snapshot,
    List<ComponentRow> components,
    List<PropertyRow> properties,
    int differences) {

  public record SnapshotRow(String left, String right, boolean differs) {}

  public record ComponentRow(
      String component,
      Deployed left,
      Deployed right,
      boolean versionsDiffer,
      boolean statusesDiffer) {
    public boolean differs() {
      return versionsDiffer || statusesDiffer;
    }
  }

  /** A property; a side is null where the environment does not have it. */
  public record PropertyRow(String name, Shown left, Shown right, boolean differs) {}

  public static Comparison of(String application, EnvironmentState l, EnvironmentState r) {
    SnapshotRow snapshot =
        new SnapshotRow(l.snapshot(), r.snapshot(), !Objects.equals(l.snapshot(), r.snapshot()));
    List<ComponentRow> components = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(l.components().keySet());
    names.addAll(r.components().keySet());
    Deployed none = new Deployed(List.of(), List.of());
    for (String c : names) {
      Deployed a = l.components().getOrDefault(c, none);
      Deployed b = r.components().getOrDefault(c, none);
      components.add(
          new ComponentRow(
              c, a, b, !a.versions().equals(b.versions()), !a.statuses().equals(b.statuses())));
    }
    List<PropertyRow> properties = new ArrayList<>();
    Set<String> keys = new TreeSet<>(l.properties().keySet());
    keys.addAll(r.properties().keySet());
    for (String k : keys) {
      Shown a = l.properties().get(k);
      Shown b = r.properties().get(k);
      properties.add(new PropertyRow(k, a, b, differs(a, b)));
    }
    int differences =
        (snapshot.differs() ? 1 : 0)
            + (int) components.stream().filter(ComponentRow::versionsDiffer).count()
            + (int) components.stream().filter(ComponentRow::statusesDiffer).count()
            + (int) properties.stream().filter(PropertyRow::differs).count();
    return new Comparison(
        application,
        l.environment(),
        r.environment(),
        snapshot,
        components,
        properties,
        differences);
  }

  private static boolean differs(Shown a, Shown b) {
    if (a == null || b == null) return (a == null) != (b == null);
    if (a.secure() || b.secure()) return a.secure() != b.secure();
    return !Objects.equals(a.value(), b.value());
  }
}
