package io.shiplock.store;

import io.shiplock.core.config.Planner;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.config.SourceFiles;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.steps.StepCatalog;
import java.nio.file.Path;
import java.util.List;

/** The seed's example pipeline, read from the repository's examples/ folder. */
public final class Examples {
  private Examples() {}

  public static Path directory() {
    Path p = Path.of("../examples/continuous-test-services");
    return p.toAbsolutePath().normalize();
  }

  public static List<SourceFile> files() {
    return SourceFiles.load(directory());
  }

  /** The example's objects, in apply order. */
  public static List<ConfigObject> objects() {
    return new Planner(StepCatalog.discover()).plan(files(), List.of(), false).toSave();
  }

  public static List<ConfigObject> parse(String yaml) {
    return new Planner(StepCatalog.discover())
        .plan(List.of(new SourceFile("test.yaml", yaml)), List.of(), false)
        .toSave();
  }
}
