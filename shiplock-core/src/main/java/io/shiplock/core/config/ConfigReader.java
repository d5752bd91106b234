package io.shiplock.core.config;

import io.shiplock.core.model.AgentSpec;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.RoleSpec;
import io.shiplock.core.model.SourceSpec;
import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.model.TeamSpec;
import io.shiplock.core.model.TriggerSpec;
import io.shiplock.core.steps.StepCatalog;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads configuration files (YAML, several documents each; JSON is YAML too) into model objects.
 * Every problem is collected with its file, line and column; nothing stops at the first one.
 */
public final class ConfigReader {
  /** Largest accepted file; larger ones are refused with a clear message, not read. */
  public static final int MAX_FILE_CHARS = 8 * 1024 * 1024;

  /** Longest single value (a script, a description); longer ones are refused, not stored. */
  public static final int MAX_VALUE_CHARS = 1024 * 1024;

  /** Largest document once its aliases are expanded. */
  public static final long MAX_EXPANDED_CHARS = 16L * 1024 * 1024;

  private static final long MAX_EXPANDED_NODES = 1_000_000;

  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}|[a-z]{3,20}");

  private final StepCatalog catalog;

  public ConfigReader(StepCatalog catalog) {
    this.catalog = catalog;
  }

  public ParsedConfig read(List<SourceFile> files) {
    Problems problems = new Problems();
    List<Ref> refs = new ArrayList<>();
    List<Sourced> objects = new ArrayList<>();
    List<SourcedSnapshot> snapshots = new ArrayList<>();
    Map<String, Integer> environmentCount = new HashMap<>();
    for (SourceFile f : files) {
      for (Node doc : documents(f, problems)) {
        MapReader r = new MapReader(f.name(), "", doc, problems);
        if (!MapReader.isMapping(doc)) {
          problems.add(r.location(), "", "a document must be a mapping with a 'kind' field");
          continue;
        }
        ConfigObject o = readDocument(r, refs, environmentCount, snapshots);
        if (o != null) objects.add(new Sourced(o, r.location()));
      }
    }
    checkDuplicates(objects, snapshots, problems);
    return new ParsedConfig(
        List.copyOf(objects),
        List.copyOf(refs),
        List.copyOf(snapshots),
        problems.list(),
        problems.warnings());
  }

  private static List<Node> documents(SourceFile f, Problems problems) {
    if (f.content().length() > MAX_FILE_CHARS) {
      problems.add(
          new Location(f.name(), 1, 1),
          "",
          "file is larger than " + MAX_FILE_CHARS / (1024 * 1024) + " MiB; split it into several");
      return List.of();
    }
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_FILE_CHARS);
    options.setMaxAliasesForCollections(50);
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Node> docs = new ArrayList<>();
    try {
      for (Node n : yaml.composeAll(new StringReader(f.content()))) {
        // An empty document (a trailing "---", a file of comments) holds nothing to apply.
        boolean empty = n instanceof ScalarNode sc && sc.getTag().equals(Tag.NULL);
        if (n == null || empty) continue;
        String tooBig = expansionProblem(n);
        if (tooBig != null) {
          Mark m = n.getStartMark();
          problems.add(new Location(f.name(), m.getLine() + 1, m.getColumn() + 1), "", tooBig);
          continue;
        }
        docs.add(n);
      }
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Location at =
          m == null
              ? new Location(f.name(), 1, 1)
              : new Location(f.name(), m.getLine() + 1, m.getColumn() + 1);
      String msg = e.getProblem() == null ? "malformed YAML" : "malformed YAML: " + e.getProblem();
      problems.add(at, "", msg);
    } catch (YAMLException e) {
      problems.add(new Location(f.name(), 1, 1), "", "malformed YAML: " + e.getMessage());
    }
    return docs;
  }

  /**
   * Why a document is refused before it is read, or null: a value longer than {@link
   * #MAX_VALUE_CHARS}, or more than {@link #MAX_EXPANDED_CHARS} once its aliases are expanded (an
   * alias to a scalar is a copy of it: a 1 MiB anchor used 3,000 times is 3 GiB).
   */
  private static String expansionProblem(Node doc) {
    long total = 0;
    long nodes = 0;
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(doc);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      // Counts nodes too: aliases of collections (even an alias inside its own anchor) add nodes
      // without adding characters.
      if (++nodes > MAX_EXPANDED_NODES)
        return "the document expands to more than "
            + MAX_EXPANDED_NODES
            + " values through its aliases (*name); repeat less, or split it";
      switch (n) {
        case ScalarNode sc -> {
          int len = sc.getValue().length();
          if (len > MAX_VALUE_CHARS)
            return "a value of "
                + len
                + " characters; a value may hold at most "
                + MAX_VALUE_CHARS
                + " (at line "
                + (sc.getStartMark().getLine() + 1)
                + ")";
          total += len;
        }
        case MappingNode m ->
            m.getValue()
                .forEach(
                    t -> {
                      todo.push(t.getKeyNode());
                      todo.push(t.getValueNode());
                    });
        case SequenceNode q -> q.getValue().forEach(todo::push);
        default -> {}
      }
      if (total > MAX_EXPANDED_CHARS)
        return "the document expands to more than "
            + MAX_EXPANDED_CHARS
            + " characters through its aliases (*name); repeat less, or split it";
    }
    return null;
  }

  /** The document's object; null when it is a snapshot (added to {@code snapshots}) or broken. */
  private ConfigObject readDocument(
      MapReader r, List<Ref> refs, Map<String, Integer> envCount, List<SourcedSnapshot> snapshots) {
    String kindName = r.requiredString("kind");
    if (kindName == null) return null;
    Kind kind = Kind.fromYaml(kindName).orElse(null);
    if (kind == null) {
      List<String> kinds = Arrays.stream(Kind.values()).map(Kind::yamlName).toList();
      r.error(
          "kind",
          "unknown kind '"
              + kindName
              + "'"
              + Names.suggestion(kindName, kinds)
              + " (known: "
              + String.join(", ", kinds)
              + ")");
      return null;
    }
    if (kind == Kind.SNAPSHOT) {
      SourcedSnapshot s = SnapshotReader.read(r);
      r.finish();
      if (s.snapshot().application() != null && s.snapshot().name() != null) snapshots.add(s);
      return null;
    }
    ConfigObject o =
        switch (kind) {
          case STATUS -> readStatus(r);
          case AGENT -> readAgent(r);
          case COMPONENT -> readComponent(r, refs);
          case APPLICATION -> readApplication(r, refs);
          case ENVIRONMENT -> new EnvironmentReader(refs).read(r, envCount);
          case ROLE -> readRole(r);
          case TEAM -> readTeam(r, refs);
          case SOURCE -> readSource(r, refs);
          case TRIGGER -> readTrigger(r, refs);
          case SCHEDULE -> ReleaseReader.schedule(r, refs);
          case BLACKOUT -> ReleaseReader.blackout(r, refs);
          case SNAPSHOT -> throw new IllegalStateException("snapshots are read above");
        };
    r.finish();
    return o.name() == null ? null : o;
  }

  private static StatusSpec readStatus(MapReader r) {
    String name = r.name("name");
    String scopeText = r.requiredString("scope");
    StatusScope scope = null;
    if (scopeText != null) {
      scope =
          Arrays.stream(StatusScope.values())
              .filter(s -> s.yaml().equals(scopeText))
              .findFirst()
              .orElse(null);
      if (scope == null)
        r.error(
            "scope", "scope must be 'version', 'inventory' or 'snapshot', not '" + scopeText + "'");
    }
    String color = r.string("color");
    if (color != null && !COLOR.matcher(color).matches()) {
      r.error("color", "color must be #RRGGBB or a CSS colour name, not '" + color + "'");
    }
    boolean unique = r.bool("unique", false);
    String role = r.string("role");
    String description = r.string("description");
    return new StatusSpec(name, scope, color, unique, role, description);
  }

  private static RoleSpec readRole(MapReader r) {
    String name = r.name("name");
    String description = r.string("description");
    Set<Permission> permissions = new TreeSet<>();
    for (String p : r.stringList("permissions")) {
      Permission.fromYaml(p)
          .ifPresentOrElse(
              permissions::add,
              () -> {
                List<String> known =
                    Arrays.stream(Permission.values()).map(Permission::yaml).toList();
                r.error(
                    "permissions",
                    "unknown permission '"
                        + p
                        + "'"
                        + Names.suggestion(p, known)
                        + " (known: "
                        + String.join(", ", known)
                        + ")");
              });
    }
    if (permissions.isEmpty() && !r.has("permissions"))
      r.error("permissions", "a role needs 'permissions'");
    return new RoleSpec(name, description, permissions);
  }

  private static TeamSpec readTeam(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    String description = r.string("description");
    List<String> members = r.stringList("members");
    Set<String> seen = new LinkedHashSet<>();
    for (String m : members) {
      if (!seen.add(m)) r.error("members", "member '" + m + "' is listed twice");
      else refs.add(r.ref(Ref.Type.USER, name, m, null, "members"));
    }
    List<TeamSpec.Grant> grants =
        r.list(
            "roles",
            (g, i) -> {
              String role = g.requiredString("role");
              String app = g.string("application");
              List<String> envs = g.stringList("environments");
              if (role != null) refs.add(g.ref(Ref.Type.ROLE, null, role, null, "role"));
              if (app != null)
                refs.add(g.ref(Ref.Type.APPLICATION, null, app, null, "application"));
              if (app == null && !envs.isEmpty())
                g.error("environments", "environments need the 'application' they belong to");
              for (String e : envs)
                if (app != null)
                  refs.add(g.ref(Ref.Type.APP_ENVIRONMENT, app, e, null, "environments"));
              g.finish();
              return role == null ? null : new TeamSpec.Grant(role, app, envs);
            });
    return new TeamSpec(name, description, List.copyOf(seen), grants);
  }

  private static SourceSpec readSource(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    String component = r.requiredString("component");
    if (component != null)
      refs.add(r.ref(Ref.Type.COMPONENT_IN_LIST, name, component, null, "component"));
    String description = r.string("description");
    String url = null;
    String branch = "main";
    var git = r.map("git");
    var registry = r.map("registry");
    String registryUrl = null;
    String repository = null;
    String tagFilter = null;
    String username = null;
    String passwordProperty = null;
    String sshKeyProperty = null;
    if (git.isEmpty() == registry.isEmpty()) {
      r.error("git", "a source needs either 'git' (url, branch) or 'registry' (url, repository)");
    }
    if (registry.isPresent()) {
      MapReader g = registry.get();
      registryUrl = g.requiredString("url");
      if (registryUrl != null && !registryUrl.matches("https?://[^/\\s]+/?"))
        g.error("url", "'" + registryUrl + "' is not a registry address (http(s)://host:port)");
      repository = g.requiredString("repository");
      tagFilter = g.string("tagFilter");
      username = g.string("username");
      passwordProperty = g.string("passwordProperty");
      // Located where the key is written, inside 'registry', not at the start of the document.
      if (passwordProperty != null && component != null)
        refs.add(
            g.ref(
                Ref.Type.COMPONENT_PROPERTY,
                null,
                component,
                passwordProperty,
                "passwordProperty"));
      if (tagFilter != null) {
        try {
          Pattern.compile(tagFilter);
        } catch (PatternSyntaxException e) {
          g.error("tagFilter", "not a regular expression: " + e.getDescription());
        }
      }
      g.finish();
    }
    if (git.isPresent()) {
      MapReader g = git.get();
      url = g.requiredString("url");
      if (url != null && !url.matches("(file|https?|ssh|git)://.+|[^\\s:]+@[^\\s:]+:.+"))
        g.error("url", "'" + url + "' is not a git URL (file://, http(s)://, ssh://)");
      String b = g.string("branch");
      if (b != null) branch = b;
      username = g.string("username");
      passwordProperty = g.string("passwordProperty");
      sshKeyProperty = g.string("sshKeyProperty");
      if (sshKeyProperty != null && url != null && !url.startsWith("ssh://"))
        g.error("sshKeyProperty", "an ssh key is for ssh:// repositories");
      if (passwordProperty != null && component != null)
        refs.add(
            g.ref(
                Ref.Type.COMPONENT_PROPERTY,
                null,
                component,
                passwordProperty,
                "passwordProperty"));
      if (sshKeyProperty != null && component != null)
        refs.add(
            g.ref(Ref.Type.COMPONENT_PROPERTY, null, component, sshKeyProperty, "sshKeyProperty"));
      g.finish();
    }
    var poll = r.duration("pollInterval");
    String template = r.string("versionName");
    if (template != null && !template.contains("{shortSha}") && !template.contains("{sha}"))
      r.error("versionName", "a version name template needs {sha} or {shortSha} to be unique");
    if ((username == null) != (passwordProperty == null))
      r.error(
          registry.isPresent() ? "registry" : "git",
          "credentials need both 'username' and 'passwordProperty'");
    String secret = r.string("webhookSecret");
    if (secret != null && component != null)
      refs.add(r.ref(Ref.Type.COMPONENT_PROPERTY, null, component, secret, "webhookSecret"));
    return new SourceSpec(
        name,
        component,
        description,
        url,
        branch,
        poll,
        template == null ? SourceSpec.DEFAULT_VERSION_NAME : template,
        secret,
        registryUrl,
        repository,
        tagFilter,
        username,
        passwordProperty,
        sshKeyProperty);
  }

  private static TriggerSpec readTrigger(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    String app = r.requiredString("application");
    String component = r.requiredString("component");
    String whenName = r.requiredString("when");
    TriggerSpec.When when = TriggerSpec.When.of(whenName).orElse(null);
    String status = r.string("status");
    String process = r.requiredString("process");
    String env = r.requiredString("environment");
    boolean paused = r.bool("paused", false);
    if (whenName != null && when == null)
      r.error("when", "when must be versionCreated or statusAdded, not '" + whenName + "'");
    if (when == TriggerSpec.When.STATUS_ADDED && status == null)
      r.error("status", "a statusAdded trigger needs the 'status'");
    if (status != null) refs.add(r.ref(Ref.Type.VERSION_STATUS, null, status, null, "status"));
    if (app != null) {
      refs.add(r.ref(Ref.Type.APPLICATION, null, app, null, "application"));
      if (component != null)
        refs.add(r.ref(Ref.Type.APP_COMPONENT, app, component, null, "component"));
      if (env != null) refs.add(r.ref(Ref.Type.APP_ENVIRONMENT, app, env, null, "environment"));
      if (process != null) refs.add(r.ref(Ref.Type.APP_PROCESS, app, process, null, "process"));
    }
    return new TriggerSpec(name, app, component, when, status, process, env, paused);
  }

  private static AgentSpec readAgent(MapReader r) {
    return new AgentSpec(
        r.name("name"), r.string("description"), PropertyReader.read(r, "properties"));
  }

  private ComponentSpec readComponent(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    String description = r.string("description");
    var properties = PropertyReader.read(r, "properties");
    Set<String> defNames = new LinkedHashSet<>();
    List<EnvPropertyDef> defs =
        r.list(
            "environmentProperties",
            (d, i) -> {
              String n = d.requiredString("name");
              if (n != null && !PropertyReader.PROPERTY_NAME.matcher(n).matches()) {
                d.error("name", "invalid property name '" + n + "'");
              }
              if (n != null && !defNames.add(n)) {
                d.error("name", "duplicate environment property '" + n + "'");
              }
              EnvPropertyDef def =
                  new EnvPropertyDef(
                      n, d.string("default"), d.bool("secure", false), d.string("description"));
              d.finish();
              return n == null ? null : def;
            });
    var processes = new ProcessReader(catalog, refs).read(r, null);
    return new ComponentSpec(name, description, properties, defs, processes);
  }

  private ApplicationSpec readApplication(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    String description = r.string("description");
    List<String> components = r.stringList("components");
    Set<String> seen = new LinkedHashSet<>();
    for (String c : components) {
      if (!seen.add(c)) r.error("components", "component '" + c + "' is listed twice");
      refs.add(r.ref(Ref.Type.COMPONENT_IN_LIST, name, c, null, "components"));
    }
    var properties = PropertyReader.read(r, "properties");
    var processes = new ProcessReader(catalog, refs).read(r, name == null ? "" : name);
    return new ApplicationSpec(name, description, List.copyOf(seen), properties, processes);
  }

  private static void checkDuplicates(
      List<Sourced> objects, List<SourcedSnapshot> snapshots, Problems problems) {
    Map<ObjectKey, Location> seen = new HashMap<>();
    for (Sourced s : objects) duplicate(seen, s.object().key(), s.location(), problems);
    for (SourcedSnapshot s : snapshots) duplicate(seen, s.snapshot().key(), s.location(), problems);
  }

  private static void duplicate(
      Map<ObjectKey, Location> seen, ObjectKey key, Location at, Problems problems) {
    Location first = seen.putIfAbsent(key, at);
    if (first != null)
      problems.add(at, "name", "duplicate " + key + " (first defined at " + first + ")");
  }
}
