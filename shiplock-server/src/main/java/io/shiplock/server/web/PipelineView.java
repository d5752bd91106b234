package io.shiplock.server.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What the pipeline page shows: environments left to right, each component's state in each. */
public record PipelineView(String application, List<Column> environments, String newest) {
  /** The view with only the environments the caller may read. */
  public PipelineView only(Predicate<String> readable) {
    return new PipelineView(
        application, environments.stream().filter(c -> readable.test(c.name())).toList(), newest);
  }

  /**
   * One environment: its gate as a stoplight for the newest version ({@code gateVersion}, e.g. "Svc
   * 2.0"), the requests waiting for its approval, the snapshot it runs (see RunningSnapshot; null
   * when none) and its components.
   */
  public record Column(
      String name,
      String snapshot,
      String gate,
      boolean gateOpen,
      String gateWhy,
      String gateVersion,
      boolean approval,
      List<Waiting> waiting,
      List<Cell> components) {}

  /** A request waiting for approval: its page and the versions it would deploy ("Svc 1.0"). */
  public record Waiting(long requestId, String versions) {}

  /** A component in an environment: what runs there and what it has earned. */
  public record Cell(
      String component,
      String version,
      List<Badge> versionStatuses,
      List<String> inventoryStatuses,
      Map<String, String> properties,
      Deployed deployed,
      Install installing,
      Install lastFailed) {}

  /** Who deployed what runs in a place, when, through which request. */
  public record Deployed(String by, Instant at, long requestId) {}

  /** An install shown on a cell: one under way, or the last one when it failed. */
  public record Install(String version, long requestId, String detail) {}

  public record Badge(String name, String color) {}
}
