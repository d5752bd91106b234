package io.shiplock.core.ucd.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.config.Names;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.StepSpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns UCD application, component and component-template exports into Shiplock configuration. A
 * file holds one object or an array of them, as UCD's own scripts send it; an application carries
 * its components inline or names components given in other files. A component made from a template
 * gets the template's properties, environment property definitions and processes, its own taking
 * precedence. Statuses and agents the export refers to are made unless the server already holds
 * them ({@code known}), and the import says so.
 */
public final class UcdImporter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Problems problems;
  private final Map<String, Node> components = new LinkedHashMap<>();
  private final Map<String, Node> templates = new LinkedHashMap<>();
  private final List<Node> applications = new ArrayList<>();
  private final UcdReferences references;

  private UcdImporter(boolean skipUnmapped, Predicate<ObjectKey> known) {
    this.problems = new Problems(skipUnmapped);
    this.references = new UcdReferences(problems, known);
  }

  /**
   * Imports the files, or throws {@link UcdImportException} with every problem found. {@code known}
   * tells which statuses and agents the target already has.
   */
  public static UcdImport convert(
      List<SourceFile> files, boolean skipUnmapped, Predicate<ObjectKey> known) {
    return new UcdImporter(skipUnmapped, known).run(files);
  }

  /**
   * One component process as UCD's {@code createComponentProcess} sends it ({@code name}, {@code
   * rootActivity}), mapped as an import maps it; unmapped steps are refused.
   */
  public static ProcessSpec componentProcess(String source, JsonNode process) {
    Problems problems = new Problems(false);
    Optional<ProcessSpec> p =
        UcdGraph.process(new Node(source, "$", process), new UcdComponentSteps(), problems);
    if (!problems.problems().isEmpty() || p.isEmpty())
      throw new UcdImportException(problems.problems());
    return p.get();
  }

  /**
   * One application process ({@code createApplicationProcess}) of an application of these
   * components.
   */
  public static ProcessSpec applicationProcess(
      String source, JsonNode process, List<String> components) {
    Problems problems = new Problems(false);
    Optional<ProcessSpec> p =
        UcdGraph.process(
            new Node(source, "$", process), new UcdApplicationSteps(components), problems);
    if (!problems.problems().isEmpty() || p.isEmpty())
      throw new UcdImportException(problems.problems());
    return p.get();
  }

  /**
   * An export file's text. Exports are UTF-8 (a byte-order mark is dropped); other bytes are
   * refused with the file and offset, never replaced, or a value would change silently.
   */
  public static SourceFile source(String name, byte[] bytes) {
    CharBuffer out = CharBuffer.allocate(bytes.length);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult r =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (r.isError()) {
      throw new UcdImportException(
          List.of(
              new ImportProblem(
                  name,
                  "$",
                  "not UTF-8 text (byte "
                      + in.position()
                      + "): UCD exports are UTF-8; convert the file and import it again")));
    }
    String text = out.flip().toString();
    return new SourceFile(name, text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  private UcdImport run(List<SourceFile> files) {
    List<Node> objects = new ArrayList<>();
    for (SourceFile f : files) objects.addAll(parse(f));
    Set<String> templateNames = new LinkedHashSet<>();
    for (Node o : objects) {
      if (isApplication(o)) {
        applications.add(o);
        o.field("components").items(problems).stream()
            .filter(Node::isObject)
            .forEach(this::component);
        o.field("componentTemplates").items(problems).forEach(t -> template(t));
      }
      o.field("statuses").items(problems).forEach(references::define);
    }
    for (Node o : objects) {
      if (isApplication(o) || isStatusList(o)) continue;
      component(o);
    }
    for (Node c : List.copyOf(components.values())) {
      String name = c.field("name").json().asText();
      Optional<String> t = templateName(c);
      if (t.isPresent() && t.get().equals(name)) {
        // It would become its own template and no component at all.
        problems.add(c, "component '" + name + "' names itself as its template");
        components.remove(name);
      } else {
        t.ifPresent(templateNames::add);
      }
    }
    // A standalone object a component names as its template is that template; it wins over a
    // component's inline {"componentTemplate": {"name": …}}, which may be a reference only.
    for (String t : templateNames) {
      if (components.containsKey(t)) templates.put(t, components.remove(t));
    }
    for (String t : templateNames) {
      Node template = templates.get(t);
      Optional<String> parent = template == null ? Optional.empty() : templateName(template);
      if (parent.isPresent()) {
        // UCD makes components from templates, not templates from templates; following the chain
        // is a guess, and taking only the first template would drop the other one's processes.
        problems.add(
            template,
            "'"
                + t
                + "' is the template of a component and is itself made from template '"
                + parent.get()
                + "': a template made from a template is not imported");
      }
    }
    List<ConfigObject> out = new ArrayList<>();
    List<ComponentSpec> comps = new ArrayList<>();
    components.values().forEach(c -> componentSpec(c).ifPresent(comps::add));
    List<ConfigObject> apps = new ArrayList<>();
    Set<String> appNames = new LinkedHashSet<>();
    for (Node a : applications) applicationSpecs(a, comps, appNames, apps);
    comps.forEach(c -> references.collect(c, components.get(c.name()).field("processes")));
    out.addAll(references.statusSpecs());
    out.addAll(references.agentSpecs());
    out.addAll(comps);
    out.addAll(apps);
    if (!problems.problems().isEmpty()) throw new UcdImportException(problems.problems());
    return new UcdImport(out, problems.skipped(), problems.notes());
  }

  private List<Node> parse(SourceFile f) {
    JsonNode root;
    try {
      root = JSON.readTree(f.content());
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      problems.add(
          new Node(f.name(), "$", JSON.nullNode()),
          "malformed JSON"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + ": "
              + e.getOriginalMessage());
      return List.of();
    }
    Node top = new Node(f.name(), "$", root == null ? JSON.nullNode() : root);
    List<Node> out = new ArrayList<>();
    if (top.isArray()) out.addAll(top.items(problems));
    else out.add(top);
    List<Node> objects = new ArrayList<>();
    for (Node o : out) {
      if (o.isObject()) objects.add(o);
      else
        problems.add(o, "expected an application, component or template object, found " + o.kind());
    }
    return objects;
  }

  private static boolean isApplication(Node o) {
    return o.has("environments") || o.has("components") || o.has("enforceCompleteSnapshots");
  }

  private static boolean isStatusList(Node o) {
    return o.has("statuses") && !o.has("name");
  }

  private void component(Node c) {
    String name = c.required("name", problems);
    if (name == null) return;
    Node before = components.get(name);
    if (before != null) {
      // The same component inline in two application exports is one component.
      if (!before.json().equals(c.json())) {
        String at = before.file().equals(c.file()) ? "" : before.file() + ": ";
        problems.add(
            c, "component '" + name + "' is also defined differently at " + at + before.path());
      }
      return;
    }
    components.put(name, c);
    if (c.field("componentTemplate").isObject()) template(c.field("componentTemplate"));
  }

  private void template(Node t) {
    String name = t.required("name", problems);
    if (name != null) templates.putIfAbsent(name, t);
  }

  private Optional<String> templateName(Node c) {
    Node t = c.field("componentTemplate");
    String name =
        t.isObject() ? t.text("name", "", problems) : c.text("templateName", "", problems);
    return name.isBlank() ? Optional.empty() : Optional.of(name);
  }

  private Optional<ComponentSpec> componentSpec(Node c) {
    String name = c.field("name").json().asText();
    String bad = Names.problem(name);
    if (bad != null) {
      problems.add(c.field("name"), "component " + bad);
      return Optional.empty();
    }
    Optional<Node> template = templateName(c).map(t -> templates.get(t));
    if (templateName(c).isPresent() && template.isEmpty()) {
      problems.add(
          c,
          "component '"
              + name
              + "' is made from template '"
              + templateName(c).get()
              + "', which none of the files holds");
      return Optional.empty();
    }
    Map<String, PropertyValue> props = new LinkedHashMap<>();
    List<EnvPropertyDef> envDefs = new ArrayList<>();
    List<ProcessSpec> processes = new ArrayList<>();
    for (Node source : template.isPresent() ? List.of(c, template.get()) : List.of(c)) {
      UcdProperties.of(source, problems).forEach(props::putIfAbsent);
      for (EnvPropertyDef d : UcdProperties.definitions(source.field("envPropDefs"), problems)) {
        if (envDefs.stream().noneMatch(x -> x.name().equals(d.name()))) envDefs.add(d);
      }
      for (Node p : source.field("processes").items(problems)) {
        UcdGraph.process(p, new UcdComponentSteps(), problems)
            .filter(ps -> processes.stream().noneMatch(x -> x.name().equals(ps.name())))
            .ifPresent(processes::add);
      }
    }
    return Optional.of(
        new ComponentSpec(
            name,
            UcdProperties.emptyToNull(c.text("description", "", problems)),
            props,
            envDefs,
            processes));
  }

  private void applicationSpecs(
      Node a, List<ComponentSpec> comps, Set<String> appNames, List<ConfigObject> out) {
    String name = a.required("name", problems);
    if (name == null) return;
    String bad = Names.problem(name);
    if (bad != null) {
      problems.add(a.field("name"), "application " + bad);
      return;
    }
    if (!appNames.add(name)) {
      problems.add(a.field("name"), "two applications are named '" + name + "'");
      return;
    }
    List<String> names = new ArrayList<>();
    for (Node c : a.field("components").items(problems)) {
      String cn = c.isObject() ? c.field("name").json().asText("") : c.json().asText("");
      if (cn.isBlank()) problems.add(c, "a component of the application needs a name");
      else if (!names.contains(cn)) names.add(cn);
    }
    List<ProcessSpec> processes = new ArrayList<>();
    UcdApplicationSteps steps = new UcdApplicationSteps(names);
    for (Node p : a.field("processes").items(problems)) {
      UcdGraph.process(p, steps, problems)
          .ifPresent(
              ps -> {
                checkComponentProcesses(p, ps, comps);
                processes.add(ps);
              });
    }
    out.add(
        new ApplicationSpec(
            name,
            UcdProperties.emptyToNull(a.text("description", "", problems)),
            names,
            UcdProperties.of(a, problems),
            processes));
    List<EnvironmentSpec> envs = references.environments().of(a, name, names, problems);
    out.addAll(envs);
  }

  /** An application step naming a process its (imported) component lacks is refused here. */
  private void checkComponentProcesses(Node p, ProcessSpec ps, List<ComponentSpec> comps) {
    for (StepSpec s : ps.steps()) {
      Object component = s.with().get("component");
      Object process = s.with().get("process");
      if (component == null || process == null) continue;
      comps.stream()
          .filter(c -> c.name().equals(component))
          .findFirst()
          .filter(c -> c.process(process.toString()).isEmpty())
          .ifPresent(
              c ->
                  problems.add(
                      p.field("rootActivity"),
                      "step '"
                          + s.name()
                          + "': component '"
                          + component
                          + "' has no process named '"
                          + process
                          + "'"));
    }
  }
}
