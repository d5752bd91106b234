package io.shiplock.core.ucd.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The activities of UCD application processes. UCD wraps each component step in an iterator over
 * the environment's resources and, for installs, a version-difference check; Shiplock's {@code
 * component.install} is both (it runs on every resource of the component and skips what is there
 * already), {@code component.rollback} redeploys the last good version, and {@code component.run}
 * runs an operational process.
 */
final class UcdApplicationSteps implements UcdGraph.Activities {
  private final List<String> components;

  /** {@code components}: the application's, which every component step must name. */
  UcdApplicationSteps(List<String> components) {
    this.components = components;
  }

  @Override
  public Optional<Leaf> map(Node activity, Problems problems) {
    String type = activity.text("type", "", problems);
    if (!type.equals("componentEnvironmentIterator")) {
      problems.unmapped(
          activity, "application process activity '" + type + "' has no Shiplock step");
      return Optional.empty();
    }
    List<Node> inner = activity.field("children").items(problems);
    if (inner.size() != 1) {
      problems.add(activity.field("children"), "expected one child, found " + inner.size());
      return Optional.empty();
    }
    Node child = inner.get(0);
    String childType = child.text("type", "", problems);
    String stepType;
    Node process = child;
    switch (childType) {
      case "inventoryVersionDiff" -> stepType = "component.install";
      case "uninstallVersionDiff" -> stepType = "component.rollback";
      case "componentProcess" -> stepType = "component.run";
      default -> {
        problems.unmapped(child, "component step '" + childType + "' has no Shiplock step");
        return Optional.empty();
      }
    }
    if (!childType.equals("componentProcess")) {
      List<Node> procs = child.field("children").items(problems);
      if (procs.size() != 1
          || !procs.get(0).text("type", "", problems).equals("componentProcess")) {
        problems.add(child.field("children"), "expected one componentProcess child");
        return Optional.empty();
      }
      process = procs.get(0);
    }
    String component =
        activity.text("componentName", process.text("componentName", "", problems), problems);
    if (!components.contains(component)) {
      problems.add(
          activity.field("componentName"),
          "component '" + component + "' is not a component of this application");
      return Optional.empty();
    }
    String componentProcess = process.required("componentProcessName", problems);
    if (componentProcess == null) return Optional.empty();
    Node props = process.field("properties");
    if (props.isObject() && props.json().size() > 0) {
      problems.unmapped(
          props, "properties given to a component process here have no Shiplock equivalent");
      return Optional.empty();
    }
    Map<String, Object> with = new LinkedHashMap<>();
    with.put("component", component);
    with.put("process", componentProcess);
    Leaf leaf = UcdComponentSteps.common(activity, stepType, with, problems);
    // UCD keeps "ignore failure" on the inner component step.
    boolean allowFailure = leaf.allowFailure() || process.bool("allowFailure", false, problems);
    return Optional.of(
        new Leaf(
            leaf.type(), leaf.with(), leaf.precondition(), leaf.postProcessing(), allowFailure));
  }
}
