package io.shiplock.server.web;

import java.util.List;
import java.util.Map;

/** What the pipeline page shows: environments left to right, each component's state in each. */
public record PipelineView(String application, List<Column> environments, String newest) {
  /** One environment: its gate as a stoplight for the newest version, and its components. */
  public record Column(
      String name,
      String gate,
      boolean gateOpen,
      String gateWhy,
      boolean approval,
      int waiting,
      List<Cell> components) {}

  /** A component in an environment: what runs there and what it has earned. */
  public record Cell(
      String component,
      String version,
      List<Badge> versionStatuses,
      List<String> inventoryStatuses,
      Map<String, String> properties,
      Install installing,
      Install lastFailed) {}

  /** An install shown on a cell: one under way, or the last one when it failed. */
  public record Install(String version, long requestId, String detail) {}

  public record Badge(String name, String color) {}
}
