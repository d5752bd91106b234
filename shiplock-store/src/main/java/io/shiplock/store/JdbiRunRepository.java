package io.shiplock.store;

import io.shiplock.core.engine.BlackoutPolicy;
import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.insights.Deployment;
import io.shiplock.core.store.RunRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiRunRepository implements RunRepository {
  static final String REQUEST =
      "SELECT id, application, environment, process_spec, requested_by, requested_at, state, properties,"
          + " cancel_requested, finished_at, message, snapshot, scheduled_for, blackout_policy FROM request";
  private static final String STEP =
      "SELECT id, request_id, parent_id, node, position, name, type, state, attempt, component, version_id,"
          + " resource_path, agent_id, spec, started_at, finished_at, deadline, outputs, message FROM step_run";

  private final Handle h;

  JdbiRunRepository(Handle h) {
    this.h = h;
  }

  @Override
  public void setRuntimeProperty(
      String app,
      String env,
      String component,
      String name,
      String value,
      long requestId,
      Instant at) {
    int n =
        h.createUpdate(
                "UPDATE runtime_property SET prop_value = :v, set_at = :at, request_id = :r"
                    + " WHERE application = :a AND environment = :e AND component = :c AND name = :n")
            .bind("v", value)
            .bind("at", at)
            .bind("r", requestId)
            .bind("a", app)
            .bind("e", env)
            .bind("c", component)
            .bind("n", name)
            .execute();
    if (n == 0) {
      h.createUpdate(
              "INSERT INTO runtime_property (application, environment, component, name, prop_value, set_at, request_id)"
                  + " VALUES (:a, :e, :c, :n, :v, :at, :r)")
          .bind("v", value)
          .bind("at", at)
          .bind("r", requestId)
          .bind("a", app)
          .bind("e", env)
          .bind("c", component)
          .bind("n", name)
          .execute();
    }
  }

  @Override
  public List<RuntimeProperty> runtimeProperties(String app, String env) {
    return h.createQuery(
            "SELECT component, name, prop_value, set_at, request_id FROM runtime_property"
                + " WHERE application = :a AND environment = :e ORDER BY component, name")
        .bind("a", app)
        .bind("e", env)
        .map(
            (rs, ctx) ->
                new RuntimeProperty(
                    rs.getString("component"),
                    rs.getString("name"),
                    rs.getString("prop_value"),
                    Rows.instant(rs, "set_at"),
                    rs.getLong("request_id")))
        .list();
  }

  @Override
  public long create(NewRequest r) {
    long id =
        h.createUpdate(
                "INSERT INTO request (application, environment, process_name, process_spec, requested_by,"
                    + " requested_at, state, properties, snapshot, scheduled_for, blackout_policy)"
                    + " VALUES (:app, :env, :p, :spec, :by, :at, :state, :props, :snap, :sched, :bp)")
            .bind("app", r.application())
            .bind("env", r.environment())
            .bind("p", r.process().name())
            .bind("spec", SpecJson.process(r.process()))
            .bind("by", r.requestedBy())
            .bind("at", r.at())
            .bind("props", SpecJson.strings(r.properties()))
            .bind("snap", r.snapshot())
            .bind("sched", r.scheduledFor())
            .bind(
                "bp",
                r.blackoutPolicy() == null || r.blackoutPolicy() == BlackoutPolicy.REFUSE
                    ? null
                    : r.blackoutPolicy().name())
            .bind("state", r.scheduledFor() == null ? "QUEUED" : "SCHEDULED")
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    for (VersionRef v : r.versions()) {
      h.createUpdate(
              "INSERT INTO request_version (request_id, component, version, version_id) VALUES (:r, :c, :v, :vid)")
          .bind("r", id)
          .bind("c", v.component())
          .bind("v", v.version())
          .bind("vid", v.versionId())
          .execute();
    }
    return id;
  }

  Request request(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    return new Request(
        id,
        rs.getString("application"),
        rs.getString("environment"),
        SpecJson.process(rs.getString("process_spec")),
        rs.getString("requested_by"),
        Rows.instant(rs, "requested_at"),
        RequestState.valueOf(rs.getString("state")),
        SpecJson.strings(rs.getString("properties")),
        rs.getBoolean("cancel_requested"),
        Rows.instant(rs, "finished_at"),
        rs.getString("message"),
        List.of(),
        rs.getString("snapshot"),
        Rows.instant(rs, "scheduled_for"),
        rs.getString("blackout_policy") == null
            ? BlackoutPolicy.REFUSE
            : BlackoutPolicy.valueOf(rs.getString("blackout_policy")));
  }

  Request withVersions(Request r) {
    return withVersions(List.of(r)).get(0);
  }

  private static Request with(Request r, List<VersionRef> versions) {
    return new Request(
        r.id(),
        r.application(),
        r.environment(),
        r.process(),
        r.requestedBy(),
        r.requestedAt(),
        r.state(),
        r.properties(),
        r.cancelRequested(),
        r.finishedAt(),
        r.message(),
        versions,
        r.snapshot(),
        r.scheduledFor(),
        r.blackoutPolicy());
  }

  @Override
  public Optional<Request> find(long id) {
    return h.createQuery(REQUEST + " WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> request(rs))
        .findOne()
        .map(this::withVersions);
  }

  @Override
  public int lockEnvironment(String application, String environment) {
    return concurrency(application, environment, " FOR UPDATE");
  }

  @Override
  public int concurrency(String application, String environment) {
    return concurrency(application, environment, "");
  }

  private int concurrency(String application, String environment, String lock) {
    return h.createQuery(
            // The environment's own row only: FOR UPDATE of a join would lock the application too.
            "SELECT concurrency FROM environment WHERE name = :e"
                + " AND application_id = (SELECT id FROM application WHERE name = :a)"
                + lock)
        .bind("a", application)
        .bind("e", environment)
        .map((rs, ctx) -> rs.getInt("concurrency")) // SQL NULL reads as 0: no limit
        .findOne()
        .orElse(0);
  }

  @Override
  public List<Long> queueHeads(Instant before) {
    return h.createQuery(
            "SELECT MIN(id) FROM request WHERE state = 'QUEUED' AND requested_at < :before"
                + " GROUP BY application, environment ORDER BY 1")
        .bind("before", before)
        .mapTo(Long.class)
        .list();
  }

  @Override
  public List<Long> inEnvironment(String application, String environment, RequestState state) {
    return h.createQuery(
            "SELECT id FROM request WHERE application = :a AND environment = :e AND state = :s"
                + " ORDER BY id")
        .bind("a", application)
        .bind("e", environment)
        .bind("s", state.name())
        .mapTo(Long.class)
        .list();
  }

  @Override
  public Optional<Request> lock(long id) {
    return h.createQuery(REQUEST + " WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map((rs, ctx) -> request(rs))
        .findOne()
        .map(this::withVersions);
  }

  @Override
  public Optional<Request> lockOfStep(long stepId) {
    return h.createQuery(
            REQUEST + " WHERE id = (SELECT request_id FROM step_run WHERE id = :s) FOR UPDATE")
        .bind("s", stepId)
        .map((rs, ctx) -> request(rs))
        .findOne()
        .map(this::withVersions);
  }

  @Override
  public List<Request> list(int limit) {
    return withVersions(
        h.createQuery(REQUEST + " ORDER BY id DESC LIMIT :limit")
            .bind("limit", limit)
            .map((rs, ctx) -> request(rs))
            .list());
  }

  @Override
  public Optional<Request> lastSucceeded(String application, String environment) {
    return h.createQuery(
            REQUEST
                + " WHERE application = :a AND environment = :e AND state = 'SUCCEEDED'"
                + " ORDER BY id DESC LIMIT 1")
        .bind("a", application)
        .bind("e", environment)
        .map((rs, ctx) -> request(rs))
        .findOne()
        .map(this::withVersions);
  }

  @Override
  public List<Deployment> deployments(String application, String environment, Instant until) {
    return new DeploymentRows(h).deployments(application, environment, until);
  }

  @Override
  public List<Request> findAll(Collection<Long> ids) {
    if (ids.isEmpty()) return List.of();
    return withVersions(
        h.createQuery(REQUEST + " WHERE id IN (<ids>) ORDER BY id")
            .bindList("ids", List.copyOf(ids))
            .map((rs, ctx) -> request(rs))
            .list());
  }

  /** The versions of many requests in one query (the dashboard lists hundreds). */
  List<Request> withVersions(List<Request> requests) {
    if (requests.isEmpty()) return requests;
    Map<Long, List<VersionRef>> byRequest = new HashMap<>();
    h.createQuery(
            "SELECT request_id, component, version, version_id FROM request_version"
                + " WHERE request_id IN (<ids>) ORDER BY request_id, component")
        .bindList("ids", requests.stream().map(Request::id).toList())
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getLong("request_id"),
                    new VersionRef(
                        rs.getString("component"),
                        rs.getString("version"),
                        rs.getLong("version_id"))))
        .forEach(
            e -> byRequest.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return requests.stream()
        .map(r -> with(r, List.copyOf(byRequest.getOrDefault(r.id(), List.of()))))
        .toList();
  }

  @Override
  public List<Long> active() {
    return h.createQuery("SELECT id FROM request WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id")
        .mapTo(Long.class)
        .list();
  }

  @Override
  public void finish(long id, RequestState state, String message, Instant at) {
    h.createUpdate("UPDATE request SET state = :s, message = :m, finished_at = :at WHERE id = :id")
        .bind("s", state.name())
        .bind("m", message)
        .bind("at", at)
        .bind("id", id)
        .execute();
  }

  @Override
  public void markRunning(long id) {
    h.createUpdate("UPDATE request SET state = 'RUNNING' WHERE id = :id AND state = 'QUEUED'")
        .bind("id", id)
        .execute();
  }

  @Override
  public List<Long> scheduledDue(Instant now) {
    return h.createQuery(
            "SELECT id FROM request WHERE state = 'SCHEDULED' AND scheduled_for <= :now"
                + " ORDER BY scheduled_for, id")
        .bind("now", now)
        .mapTo(Long.class)
        .list();
  }

  @Override
  public void queueScheduled(long id) {
    h.createUpdate("UPDATE request SET state = 'QUEUED' WHERE id = :id AND state = 'SCHEDULED'")
        .bind("id", id)
        .execute();
  }

  @Override
  public void reschedule(long id, Instant at) {
    h.createUpdate(
            "UPDATE request SET state = 'SCHEDULED', scheduled_for = :at"
                + " WHERE id = :id AND state IN ('SCHEDULED', 'QUEUED')")
        .bind("at", at)
        .bind("id", id)
        .execute();
  }

  @Override
  public boolean claimFiring(String schedule, Instant at, String fingerprint) {
    // Insert-or-nothing, as a trigger's claim: of two nodes firing the same time one inserts.
    return h.createUpdate(
                "INSERT INTO schedule_fire (schedule_name, fire_at, outcome, fingerprint)"
                    + " VALUES (:s, :at, 'CLAIMED', :f) ON CONFLICT DO NOTHING")
            .bind("s", schedule)
            .bind("at", at)
            .bind("f", fingerprint)
            .execute()
        == 1;
  }

  @Override
  public void fired(String schedule, Instant at, Long requestId, String outcome, String detail) {
    h.createUpdate(
            "UPDATE schedule_fire SET request_id = :r, outcome = :o, detail = :d"
                + " WHERE schedule_name = :s AND fire_at = :at")
        .bind("r", requestId)
        .bind("o", outcome)
        .bind("d", detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000))
        .bind("s", schedule)
        .bind("at", at)
        .execute();
  }

  @Override
  public Optional<Firing> lastFiring(String schedule) {
    return h.createQuery(
            "SELECT fire_at, fingerprint FROM schedule_fire WHERE schedule_name = :s"
                + " ORDER BY fire_at DESC LIMIT 1")
        .bind("s", schedule)
        .map((rs, ctx) -> new Firing(Rows.instant(rs, "fire_at"), rs.getString("fingerprint")))
        .findOne();
  }

  @Override
  public void setProperties(long id, Map<String, String> properties) {
    h.createUpdate("UPDATE request SET properties = :p WHERE id = :id")
        .bind("p", SpecJson.strings(properties))
        .bind("id", id)
        .execute();
  }

  @Override
  public void requestCancel(long id) {
    h.createUpdate("UPDATE request SET cancel_requested = TRUE WHERE id = :id")
        .bind("id", id)
        .execute();
  }

  private static StepRun step(ResultSet rs) throws SQLException {
    return new StepRun(
        rs.getLong("id"),
        rs.getLong("request_id"),
        Rows.longOrNull(rs, "parent_id"),
        NodeKind.ofStored(rs.getString("node")),
        rs.getInt("position"),
        rs.getString("name"),
        rs.getString("type"),
        StepState.valueOf(rs.getString("state")),
        rs.getInt("attempt"),
        rs.getString("component"),
        Rows.longOrNull(rs, "version_id"),
        rs.getString("resource_path"),
        Rows.longOrNull(rs, "agent_id"),
        SpecJson.process(rs.getString("spec")),
        Rows.instant(rs, "started_at"),
        Rows.instant(rs, "finished_at"),
        Rows.instant(rs, "deadline"),
        SpecJson.strings(rs.getString("outputs")),
        rs.getString("message"));
  }

  @Override
  public List<StepRun> steps(long requestId) {
    return h.createQuery(STEP + " WHERE request_id = :r ORDER BY id")
        .bind("r", requestId)
        .map((rs, ctx) -> step(rs))
        .list();
  }

  @Override
  public Optional<StepRun> step(long stepId) {
    return h.createQuery(STEP + " WHERE id = :id")
        .bind("id", stepId)
        .map((rs, ctx) -> step(rs))
        .findOne();
  }

  @Override
  public long insert(StepRun s) {
    return h.createUpdate(
            "INSERT INTO step_run (request_id, parent_id, node, position, name, type, state, attempt, component,"
                + " version_id, resource_path, agent_id, spec, started_at, finished_at, deadline, outputs, message)"
                + " VALUES (:r, :parent, :node, :pos, :name, :type, :state, :attempt, :component, :res, :path, :agent,"
                + " :spec, :started, :finished, :deadline, :outputs, :message)")
        .bind("r", s.requestId())
        .bind("parent", s.parentId())
        .bind("node", s.node().stored())
        .bind("pos", s.position())
        .bind("name", s.name())
        .bind("type", s.type())
        .bind("state", s.state().name())
        .bind("attempt", s.attempt())
        .bind("component", s.component())
        .bind("res", s.versionId())
        .bind("path", s.resourcePath())
        .bind("agent", s.agentId())
        .bind("spec", SpecJson.process(s.spec()))
        .bind("started", s.startedAt())
        .bind("finished", s.finishedAt())
        .bind("deadline", s.deadline())
        .bind("outputs", SpecJson.strings(s.outputs()))
        .bind("message", s.message())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  @Override
  public void update(StepRun s) {
    h.createUpdate(
            "UPDATE step_run SET state = :state, attempt = :attempt, agent_id = :agent, started_at = :started,"
                + " finished_at = :finished, deadline = :deadline, outputs = :outputs, message = :message WHERE id = :id")
        .bind("state", s.state().name())
        .bind("attempt", s.attempt())
        .bind("agent", s.agentId())
        .bind("started", s.startedAt())
        .bind("finished", s.finishedAt())
        .bind("deadline", s.deadline())
        .bind("outputs", SpecJson.strings(s.outputs()))
        .bind("message", s.message())
        .bind("id", s.id())
        .execute();
  }

  @Override
  public void dispatch(long stepId, long agentId, int attempt, Instant at, Instant deadline) {
    h.createUpdate(
            "UPDATE step_run SET state = 'DISPATCHED', agent_id = :a, attempt = :n, started_at = :at, deadline = :dl,"
                + " finished_at = NULL, message = NULL WHERE id = :id")
        .bind("a", agentId)
        .bind("n", attempt)
        .bind("at", at)
        .bind("dl", deadline)
        .bind("id", stepId)
        .execute();
  }

  @Override
  public boolean complete(
      long stepId,
      long agentId,
      int attempt,
      StepState state,
      Map<String, String> outputs,
      String message,
      Instant at) {
    return h.createUpdate(
                "UPDATE step_run SET state = :s, outputs = :o, message = :m, finished_at = :at, deadline = NULL"
                    + " WHERE id = :id AND agent_id = :a AND attempt = :n AND state IN ('DISPATCHED', 'RUNNING')")
            .bind("s", state.name())
            .bind("o", SpecJson.strings(outputs))
            .bind("m", message)
            .bind("at", at)
            .bind("id", stepId)
            .bind("a", agentId)
            .bind("n", attempt)
            .execute()
        == 1;
  }

  @Override
  public boolean started(long stepId, long agentId, int attempt) {
    return h.createUpdate(
                "UPDATE step_run SET state = 'RUNNING' WHERE id = :id AND agent_id = :a AND attempt = :n"
                    + " AND state = 'DISPATCHED' AND EXISTS (SELECT 1 FROM work_item w WHERE"
                    + " w.step_run_id = :id AND w.attempt = :n AND w.agent_id = :a"
                    + " AND w.claimed_at IS NOT NULL)")
            .bind("id", stepId)
            .bind("a", agentId)
            .bind("n", attempt)
            .execute()
        == 1;
  }

  @Override
  public List<StepRun> inFlightOn(long agentId) {
    return h.createQuery(
            STEP
                + " s WHERE s.agent_id = :a AND s.node = 'step' AND (s.state = 'RUNNING' OR (s.state = 'DISPATCHED'"
                + " AND EXISTS (SELECT 1 FROM work_item w WHERE w.step_run_id = s.id AND w.attempt = s.attempt"
                + " AND w.claimed_at IS NOT NULL)))")
        .bind("a", agentId)
        .map((rs, ctx) -> step(rs))
        .list();
  }

  @Override
  public List<StepRun> due(Instant now) {
    return h.createQuery(
            STEP
                + " WHERE deadline IS NOT NULL AND deadline <= :now AND state IN ('DISPATCHED', 'RUNNING', 'WAITING')")
        .bind("now", now)
        .map((rs, ctx) -> step(rs))
        .list();
  }

  @Override
  public List<StepRun> waiting(String type) {
    return h.createQuery(STEP + " WHERE state = 'WAITING' AND type = :t ORDER BY id")
        .bind("t", type)
        .map((rs, ctx) -> step(rs))
        .list();
  }

  @Override
  public Optional<Instant> nextDeadline() {
    return h.createQuery(
            "SELECT MIN(deadline) FROM step_run WHERE deadline IS NOT NULL AND state IN ('DISPATCHED', 'RUNNING', 'WAITING')")
        .map((rs, ctx) -> Rows.instant(rs, 1))
        .findOne()
        .flatMap(Optional::ofNullable);
  }
}
