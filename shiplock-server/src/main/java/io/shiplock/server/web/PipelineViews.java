package io.shiplock.server.web;

import io.shiplock.core.engine.RunningSnapshot;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.GateSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.InventoryRepository.Entry;
import io.shiplock.core.store.InventoryRepository.Event;
import io.shiplock.core.store.InventoryRepository.VersionAt;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds the pipeline page's view from the store, in one read transaction. Pure reads. */
final class PipelineViews {
  private PipelineViews() {}

  /** The application's environments in pipeline order. */
  private static List<EnvironmentSpec> environmentSpecs(Repositories r, String app) {
    return r.config().list(Kind.ENVIRONMENT).stream()
        .map(o -> (EnvironmentSpec) o)
        .filter(e -> e.application().equals(app))
        .sorted(Comparator.comparingInt(EnvironmentSpec::order))
        .toList();
  }

  /** The names of the application's environments in pipeline order. */
  static List<String> environments(Repositories r, String app) {
    return environmentSpecs(r, app).stream().map(EnvironmentSpec::name).toList();
  }

  static Optional<PipelineView> of(Repositories r, String app) {
    var spec = r.config().find(ObjectKey.of(Kind.APPLICATION, app)).map(o -> (ApplicationSpec) o);
    if (spec.isEmpty()) return Optional.empty();
    Map<String, String> colors = colors(r);
    Map<String, ComponentVersion> newest = new HashMap<>();
    for (String c : spec.get().components())
      r.versions().list(c, 1).stream().findFirst().ifPresent(v -> newest.put(c, v));
    List<EnvironmentSpec> envs = environmentSpecs(r, app);
    List<Entry> inventory = r.inventory().list(app, null);
    // One read of each kind for the whole page, not one per cell: on PostgreSQL every query is a
    // round trip, and a page of 20 environments made hundreds.
    Map<Long, ComponentVersion> deployed = new HashMap<>();
    for (ComponentVersion v :
        r.versions()
            .findAll(
                inventory.stream()
                    .flatMap(e -> e.actual().stream())
                    .map(a -> a.versionId())
                    .collect(Collectors.toSet()))) deployed.put(v.id(), v);
    Map<String, List<PipelineView.Waiting>> waiting = new HashMap<>();
    for (var q : r.approvals().waitingApproval())
      if (q.application().equals(app))
        waiting
            .computeIfAbsent(q.environment(), k -> new ArrayList<>())
            .add(new PipelineView.Waiting(q.id(), versionsText(q.versions())));
    // Who deployed what runs in each place: the requests behind the cells, in one read.
    Map<Long, Request> deployers = new HashMap<>();
    for (Request q :
        r.runs()
            .findAll(
                inventory.stream()
                    .flatMap(e -> e.actual().stream())
                    .map(a -> a.requestId())
                    .collect(Collectors.toSet()))) deployers.put(q.id(), q);
    var lastInstalls = r.inventory().lastInstalls(app);
    List<PipelineView.Column> columns = new ArrayList<>();
    for (EnvironmentSpec env : envs) {
      Map<String, Map<String, String>> runtime = new HashMap<>();
      for (var rp : r.runs().runtimeProperties(app, env.name()))
        runtime
            .computeIfAbsent(rp.component(), k -> new TreeMap<>())
            .put(rp.name(), shortId(rp.value()));
      List<PipelineView.Cell> cells = new ArrayList<>();
      for (String c : spec.get().components()) {
        Entry e =
            inventory.stream()
                .filter(x -> x.place().environment().equals(env.name()))
                .filter(x -> x.place().component().equals(c))
                .findFirst()
                .orElse(null);
        var actual = e == null ? null : e.actual().orElse(null);
        List<PipelineView.Badge> badges = new ArrayList<>();
        if (actual != null && deployed.containsKey(actual.versionId()))
          for (String st : deployed.get(actual.versionId()).statuses())
            badges.add(new PipelineView.Badge(st, colors.getOrDefault(st, "#455a64")));
        cells.add(
            new PipelineView.Cell(
                c,
                actual == null ? null : actual.version(),
                badges,
                e == null ? List.of() : e.statuses().stream().map(st -> st.status()).toList(),
                runtime.getOrDefault(c, Map.of()),
                deployed(actual, deployers.get(actual == null ? null : actual.requestId())),
                installing(e),
                lastFailed(e == null ? null : lastInstalls.get(e.place()))));
      }
      String gate = null;
      boolean open = true;
      String why = null;
      String gateVersion = null;
      if (env.gate() != null) {
        gate = describe(env.gate());
        gateVersion = newestText(newest);
        for (var v : newest.values()) {
          var refusal = env.gate().refusal(new HashSet<>(v.statuses()));
          if (refusal.isPresent()) {
            open = false;
            why = v.component() + " " + v.name() + ": " + refusal.get();
          }
        }
      }
      columns.add(
          new PipelineView.Column(
              env.name(),
              RunningSnapshot.of(r, app, env.name()).map(s -> s.name()).orElse(null),
              gate,
              open,
              why,
              gateVersion,
              env.approval() != null,
              waiting.getOrDefault(env.name(), List.of()),
              cells));
    }
    return Optional.of(new PipelineView(app, columns, newestText(newest)));
  }

  /** "Svc 2.0, Web 1.4": the newest version of each component, or null without any. */
  private static String newestText(Map<String, ComponentVersion> newest) {
    return newest.isEmpty()
        ? null
        : String.join(
            ", ",
            new TreeMap<>(newest)
                .values().stream().map(v -> v.component() + " " + v.name()).toList());
  }

  private static String versionsText(List<RunRepository.VersionRef> versions) {
    return String.join(
        ", ", versions.stream().map(v -> v.component() + " " + v.version()).toList());
  }

  /** Who deployed the version that runs in a place, when, through which request. */
  static PipelineView.Deployed deployed(VersionAt actual, Request request) {
    if (actual == null) return null;
    return new PipelineView.Deployed(
        request == null ? null : request.requestedBy(), actual.since(), actual.requestId());
  }

  /** The install under way in a place: what should be there is not (yet) what is. */
  static PipelineView.Install installing(Entry e) {
    if (e == null || e.desired().isEmpty()) return null;
    var d = e.desired().get();
    var a = e.actual().orElse(null);
    if (a != null && a.versionId() == d.versionId() && a.requestId() == d.requestId()) return null;
    return new PipelineView.Install(d.version(), d.requestId(), null);
  }

  static PipelineView.Install lastFailed(Event last) {
    if (last == null || !last.event().equals("install-failed")) return null;
    return new PipelineView.Install(last.version(), last.requestId(), last.detail());
  }

  /** Each status's badge colour. */
  static Map<String, String> colors(Repositories r) {
    Map<String, String> colors = new HashMap<>();
    for (var o : r.config().list(Kind.STATUS)) {
      StatusSpec s = (StatusSpec) o;
      colors.put(s.name(), s.color() == null ? "#455a64" : s.color());
    }
    return colors;
  }

  static List<String> processes(Repositories r, String app) {
    return r.config()
        .find(ObjectKey.of(Kind.APPLICATION, app))
        .map(o -> ((ApplicationSpec) o).processes().stream().map(p -> p.name()).toList())
        .orElse(List.of());
  }

  /** The 20 newest versions of each component, newest first, for the request form. */
  static Map<String, List<String>> versions(Repositories r, String app) {
    Map<String, List<String>> out = new TreeMap<>();
    r.config()
        .find(ObjectKey.of(Kind.APPLICATION, app))
        .ifPresent(
            o -> {
              for (String c : ((ApplicationSpec) o).components())
                out.put(c, r.versions().list(c, 20).stream().map(v -> v.name()).toList());
            });
    return out;
  }

  /** "FunctionalRegressionPassed and not Broken", alternatives joined by "or". */
  static String describe(GateSpec gate) {
    List<String> clauses = new ArrayList<>();
    for (var c : gate.anyOf()) {
      List<String> parts = new ArrayList<>(c.allOf());
      c.noneOf().forEach(n -> parts.add("not " + n));
      clauses.add(String.join(" and ", parts));
    }
    return String.join(" or ", clauses);
  }

  private static String shortId(String v) {
    if (v == null) return "";
    String s = v.startsWith("sha256:") ? v.substring(7) : v;
    return s.length() > 12 && s.matches("[0-9a-f]+") ? s.substring(0, 12) : s;
  }
}
