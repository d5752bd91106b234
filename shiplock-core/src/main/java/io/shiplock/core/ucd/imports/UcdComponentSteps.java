package io.shiplock.core.ucd.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plugin steps of UCD component processes that a Shiplock step stands for, and how their
 * properties become the step's parameters. Each mapping names the UCD properties it reads; a
 * property it does not read that holds a value which would change what the step does is refused
 * with its path, rather than dropped. Any other plugin step is unmapped (docs/ucd-migration.md).
 */
final class UcdComponentSteps implements UcdGraph.Activities {
  /** Reads a plugin step's properties into the Shiplock step's parameters. */
  private interface Params {
    void read(Props p, Map<String, Object> with);
  }

  private record Mapping(String plugin, String command, String type, Params params) {}

  /** A plugin step's properties, with the ones read remembered. */
  static final class Props {
    private final Node node;
    private final Problems problems;
    private final Set<String> read = new HashSet<>();

    Props(Node node, Problems problems) {
      this.node = node;
      this.problems = problems;
    }

    String text(String name, String fallback) {
      read.add(name);
      return node.text(name, fallback, problems);
    }

    /** Ant patterns or file names, one per line or comma-separated as UCD's fields take them. */
    List<String> list(String name, String fallback) {
      String v = text(name, fallback);
      return Arrays.stream(v.split("[\\n,]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    boolean bool(String name, boolean fallback) {
      read.add(name);
      return node.bool(name, fallback, problems);
    }

    /** Marks properties that only matter on UCD (its own server URL, repository ids). */
    void ignore(String... names) {
      read.addAll(List.of(names));
    }

    /** Properties with a value that no parameter took: they would change what the step does. */
    List<String> unread() {
      List<String> out = new ArrayList<>();
      if (!node.isObject()) return out;
      node.json()
          .fieldNames()
          .forEachRemaining(
              n -> {
                String v = node.json().get(n).asText("");
                if (!read.contains(n) && !v.isBlank() && !v.equals("false")) out.add(n);
              });
      return out;
    }
  }

  private static final List<Mapping> MAPPINGS =
      List.of(
          new Mapping(
              "shell",
              "Shell",
              "shell",
              (p, w) -> {
                w.put("script", p.text("scriptBody", ""));
                putIfSet(w, "interpreter", p.text("shellInterpreter", ""));
                String dir = p.text("directoryOffset", ".");
                if (!dir.isBlank() && !dir.equals(".")) w.put("workDir", dir);
              }),
          new Mapping(
              "versioned file storage",
              "Download Artifacts",
              "files.download",
              (p, w) -> {
                w.put("dir", p.text("directoryOffset", "."));
                w.put("includes", p.list("fileIncludePatterns", "**/*"));
                putIfAny(w, "excludes", p.list("fileExcludePatterns", ""));
                // Sync mode removes what an earlier version left in the directory. A request's
                // own directory is new for every request, so there it has nothing to remove (and
                // files.download refuses to clean it): only another directory is cleaned.
                boolean sync = p.bool("syncMode", false);
                String dir = String.valueOf(w.get("dir"));
                if (sync && !dir.isBlank() && !dir.equals(".")) w.put("clean", true);
                p.ignore(
                    "repositoryUrl",
                    "repositoryId",
                    "label",
                    "serverUrl",
                    "compId",
                    "resId",
                    "fullVerification",
                    "verifyFileIntegrity",
                    "setFileExecuteBits",
                    "charset",
                    "versionId",
                    "versionName");
              }),
          new Mapping(
              "file utils",
              "Delete Files and Directories",
              "files.delete",
              (p, w) -> {
                w.put("baseDir", p.text("baseDir", "."));
                w.put("includes", p.list("includes", "**/*"));
                putIfAny(w, "excludes", p.list("excludes", ""));
                w.put("followSymlinks", p.bool("followSymlinks", false));
                p.ignore("caseSensitive");
              }),
          new Mapping(
              "file utils",
              "Unzip",
              "files.unzip",
              (p, w) -> {
                w.put("zip", p.list("zip", ""));
                w.put("dir", p.text("dir", "."));
                w.put("overwrite", p.bool("overwrite", false));
              }),
          new Mapping(
              "file utils",
              "Create .zip File",
              "files.zip",
              (p, w) -> {
                w.put("zip", p.text("zipName", ""));
                w.put("baseDir", p.text("baseDir", "."));
                w.put("includes", p.list("includes", "**/*"));
                putIfAny(w, "excludes", p.list("excludes", ""));
                w.put("update", p.bool("update", false));
                p.ignore("followSymlinks", "caseSensitive");
              }),
          new Mapping(
              "file utils",
              "Move Directory",
              "files.move",
              (p, w) -> {
                w.put("sourceDir", p.text("sourceDir", "."));
                w.put("destDir", p.text("destDir", ""));
                w.put("includes", p.list("includes", "**/*"));
                putIfAny(w, "excludes", p.list("excludes", ""));
              }),
          new Mapping(
              "docker",
              "Build Image",
              "docker.build",
              (p, w) -> {
                putIfSet(w, "context", p.text("path", ""));
                putIfSet(w, "dockerfile", p.text("dockerfile", ""));
                putIfAny(w, "tags", p.list("tag", ""));
              }),
          new Mapping(
              "docker",
              "Tag Image",
              "docker.tag",
              (p, w) -> {
                w.put("source", p.text("image", ""));
                w.put("target", p.text("tag", ""));
              }),
          new Mapping(
              "docker", "Push Image", "docker.push", (p, w) -> w.put("image", p.text("image", ""))),
          new Mapping(
              "docker", "Pull Image", "docker.pull", (p, w) -> w.put("image", p.text("image", ""))),
          new Mapping(
              "docker",
              "Run Container",
              "docker.run",
              (p, w) -> {
                w.put("image", p.text("image", ""));
                putIfSet(w, "name", p.text("containerName", ""));
                putIfAny(w, "ports", p.list("ports", ""));
              }),
          new Mapping(
              "docker",
              "Start Container",
              "docker.start",
              (p, w) -> w.put("container", p.text("container", ""))),
          new Mapping(
              "docker",
              "Stop Container",
              "docker.stop",
              (p, w) -> w.put("container", p.text("container", ""))),
          new Mapping(
              "docker",
              "Remove Container",
              "docker.rm",
              (p, w) -> {
                w.put("container", p.text("container", ""));
                w.put("force", p.bool("force", false));
              }),
          new Mapping(
              "version",
              "Add Status to Version",
              "version.status.add",
              (p, w) -> w.put("status", p.text("status", ""))),
          new Mapping(
              "version",
              "Remove Status from Version",
              "version.status.remove",
              (p, w) -> w.put("status", p.text("status", ""))),
          new Mapping(
              "",
              "Add Inventory Status",
              "inventory.status.add",
              (p, w) -> w.put("status", p.text("status", ""))),
          new Mapping(
              "",
              "Remove Inventory Status",
              "inventory.status.remove",
              (p, w) -> w.put("status", p.text("status", ""))),
          new Mapping(
              "",
              "Set Process Request Property",
              "property.set",
              (p, w) -> {
                w.put("name", p.text("name", ""));
                w.put("value", p.text("value", ""));
              }));

  /** The UCD plugin steps Shiplock maps, as "plugin / command", for the docs and messages. */
  static List<String> mapped() {
    return MAPPINGS.stream().map(m -> m.plugin() + " / " + m.command()).toList();
  }

  @Override
  public Optional<Leaf> map(Node activity, Problems problems) {
    String type = activity.text("type", "", problems);
    String plugin = activity.text("pluginName", "", problems);
    String command = activity.text("commandName", "", problems);
    if (!type.equals("plugin")) {
      problems.unmapped(activity, "activity type '" + type + "' has no Shiplock step");
      return Optional.empty();
    }
    Optional<Mapping> m =
        MAPPINGS.stream()
            .filter(
                x ->
                    x.command().equalsIgnoreCase(command)
                        && plugin.toLowerCase(Locale.ROOT).contains(x.plugin()))
            .findFirst();
    if (m.isEmpty()) {
      problems.unmapped(
          activity, "plugin step '" + plugin + "' / '" + command + "' has no Shiplock step");
      return Optional.empty();
    }
    Props props = new Props(activity.field("properties"), problems);
    Map<String, Object> with = new LinkedHashMap<>();
    m.get().params().read(props, with);
    props.ignore("directoryOffset");
    List<String> unread = props.unread();
    if (!unread.isEmpty()) {
      problems.unmapped(
          activity.field("properties"),
          "'"
              + command
              + "' properties "
              + unread
              + " have no parameter in Shiplock's '"
              + m.get().type()
              + "' step");
      return Optional.empty();
    }
    return Optional.of(common(activity, m.get().type(), with, problems));
  }

  /** What every UCD step carries besides its own properties. */
  static Leaf common(Node activity, String type, Map<String, Object> with, Problems problems) {
    String precondition =
        UcdProperties.emptyToNull(activity.text("preconditionScript", "", problems));
    return new Leaf(
        type,
        with,
        precondition,
        postProcessing(activity.field("postProcessingScript"), problems),
        activity.bool("allowFailure", false, problems));
  }

  /** Kept verbatim: the body itself, or the {@code body} of the script object UCD refers to. */
  private static String postProcessing(Node script, Problems problems) {
    if (script.isMissing()) return null;
    if (script.json().isTextual()) return UcdProperties.emptyToNull(script.json().asText());
    if (script.isObject() && script.has("body")) {
      return UcdProperties.emptyToNull(script.text("body", "", problems));
    }
    problems.add(script, "a post-processing script is its text or an object with its 'body'");
    return null;
  }

  private static void putIfSet(Map<String, Object> with, String name, String value) {
    if (!value.isBlank()) with.put(name, value);
  }

  private static void putIfAny(Map<String, Object> with, String name, List<String> values) {
    if (!values.isEmpty()) with.put(name, values);
  }
}
