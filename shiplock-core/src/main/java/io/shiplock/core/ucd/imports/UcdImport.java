package io.shiplock.core.ucd.imports;

import io.shiplock.core.config.ConfigWriter;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import made: the configuration objects, the steps left out on request ({@code
 * --skip-unmapped}) and notes (objects made because the export refers to them, resources it only
 * names). The same export always gives the same objects, so importing it again changes nothing.
 */
public record UcdImport(
    List<ConfigObject> objects, List<ImportProblem> skipped, List<ImportProblem> notes) {
  public UcdImport {
    objects = List.copyOf(objects);
    skipped = List.copyOf(skipped);
    notes = List.copyOf(notes);
  }

  /**
   * The objects as YAML files that {@code shiplock apply} takes: one per application (its
   * components, itself, its environments), and {@code shared.yaml} for statuses, agents and
   * components of no application.
   */
  public Map<String, String> files() {
    Map<String, List<ConfigObject>> groups = new LinkedHashMap<>();
    List<ConfigObject> shared = new ArrayList<>();
    List<ApplicationSpec> apps =
        objects.stream()
            .filter(ApplicationSpec.class::isInstance)
            .map(ApplicationSpec.class::cast)
            .toList();
    for (ConfigObject o : objects) {
      String app =
          switch (o) {
            case ApplicationSpec a -> a.name();
            case EnvironmentSpec e -> e.application();
            case ComponentSpec c ->
                apps.stream()
                    .filter(a -> a.components().contains(c.name()))
                    .map(ApplicationSpec::name)
                    .findFirst()
                    .orElse(null);
            default -> null;
          };
      if (app == null) shared.add(o);
      else groups.computeIfAbsent(fileName(app), k -> new ArrayList<>()).add(o);
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (!shared.isEmpty()) out.put("shared.yaml", ConfigWriter.toYaml(shared));
    groups.forEach((name, objs) -> out.put(name, ConfigWriter.toYaml(objs)));
    return out;
  }

  private static String fileName(String app) {
    return "application-" + app.replaceAll("[^A-Za-z0-9._-]", "-") + ".yaml";
  }
}
