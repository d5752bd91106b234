import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.sources.SourceAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * UCD compatibility: (1) POST /rest/deploy/application/import of a generated export (50
 * components of 4 processes of 6 plugin steps, 4 environments, 2 application processes), new each
 * run, then the same export again (no change); (2) the calls of a udclient build script
 * (createVersion, addVersionStatus, getVersionId) authenticated as udclient -authtoken sends them,
 * and createVersion with a user's password (checked like a login: bcrypt). Prints the machine's
 * load before and after, the runs, the median and the spread.
 */
public class UcdCalls {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String url;

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.out.println("load before: " + load());
    Path home = Files.createTempDirectory("shiplock-bench-ucd").resolve("home");
    ShiplockServer server =
        ShiplockServer.start(
            new ServerSettings(
                "127.0.0.1", 0, home, null, null, null, "bench-admin-password",
                SourceAccess.defaults()),
            System.getenv());
    url = "http://127.0.0.1:" + server.port();
    long adminId = server.store().read(r -> r.users().find("admin")).orElseThrow().id();
    String token = server.auth().issue(adminId, "bench", Duration.ofHours(1)).token();
    String tokenAuth = basic("PasswordIsAuthToken", "{\"token\":\"" + token + "\"}");
    String passwordAuth = basic("admin", "bench-admin-password");
    server.config().apply(List.of(new SourceFile("people.yaml", """
        kind: Role
        name: release-managers
        permissions: [view, approve]
        """)), false);

    // (1) Import: a new export each run, then the same one again.
    List<Double> first = new ArrayList<>();
    List<Double> again = new ArrayList<>();
    for (int run = 0; run <= runs; run++) { // run 0 warms the JVM up and is not counted
      String export = export("Bench" + run, 50, 4, 6, 4);
      double a = time(() -> importExport(tokenAuth, export, true));
      double b = time(() -> importExport(tokenAuth, export, false));
      if (run > 0) {
        first.add(a);
        again.add(b);
      }
    }
    System.out.printf(
        "import, %d KiB export (50 components x 4 processes x 6 steps, 4 environments): %s%n",
        export("Size", 50, 4, 6, 4).length() / 1024, stats(first, runs));
    System.out.printf("import of the same export again (no change): %s%n", stats(again, runs));

    // (2) A build script's calls.
    List<Double> create = new ArrayList<>();
    List<Double> status = new ArrayList<>();
    List<Double> id = new ArrayList<>();
    String component = "Bench0-c0";
    for (int i = 0; i < calls + 20; i++) { // the first 20 warm up
      String v = "v" + i;
      double c = time(() -> call(tokenAuth, "POST",
          "/cli/version/createVersion?component=" + component + "&name=" + v, 200));
      double s = time(() -> call(tokenAuth, "PUT",
          "/cli/version/addStatus?component=" + component + "&version=" + v + "&status=Passed", 204));
      double g = time(() -> call(tokenAuth, "GET",
          "/cli/version/getVersionId?component=" + component + "&version=" + v, 200));
      if (i >= 20) {
        create.add(c);
        status.add(s);
        id.add(g);
      }
    }
    List<Double> withPassword = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String v = "p" + i;
      double c = time(() -> call(passwordAuth, "POST",
          "/cli/version/createVersion?component=" + component + "&name=" + v, 200));
      if (i >= 5) withPassword.add(c);
    }
    System.out.printf("createVersion (token): %s%n", percentiles(create));
    System.out.printf("addVersionStatus (token): %s%n", percentiles(status));
    System.out.printf("getVersionId (token): %s%n", percentiles(id));
    System.out.printf("createVersion (password, bcrypt per call): %s%n", percentiles(withPassword));
    System.out.println("load after: " + load());
    server.close();
  }

  interface Call {
    void run() throws Exception;
  }

  static double time(Call c) throws Exception {
    long t0 = System.nanoTime();
    c.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static void call(String auth, String method, String path, int expected) throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", auth)
            .header("Content-type", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected)
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
  }

  static void importExport(String auth, String export, boolean changes) throws Exception {
    String boundary = "bench-0123456789";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"bench.json\"\r\nContent-Type: application/json\r\n\r\n" + export
        + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url + "/rest/deploy/application/import"))
            .header("Authorization", auth)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
    JsonNode answer = JSON.readTree(r.body());
    if (answer.get("applied").asBoolean() != changes)
      throw new IllegalStateException("applied should be " + changes + ": " + r.body());
  }

  /** A UCD application export: every component deploys with six plugin steps. */
  static String export(String app, int components, int processes, int steps, int envs) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"name\": \"").append(app).append("\", \"statuses\": [")
        .append("{\"name\": \"Passed\", \"type\": \"VERSION\"}], \"components\": [");
    for (int c = 0; c < components; c++) {
      if (c > 0) sb.append(',');
      sb.append("{\"name\": \"").append(app).append("-c").append(c)
          .append("\", \"propSheet\": {\"properties\": [{\"name\": \"port\", \"value\": \"80")
          .append(c).append("\"}]}, \"envPropDefs\": [{\"name\": \"url\", \"value\": \"\"}],")
          .append(" \"processes\": [");
      for (int p = 0; p < processes; p++) {
        if (p > 0) sb.append(',');
        sb.append("{\"name\": \"p").append(p).append("\", \"rootActivity\": {\"type\": \"graph\",")
            .append(" \"children\": [");
        for (int s = 0; s < steps; s++) {
          sb.append("{\"type\": \"plugin\", \"name\": \"s").append(s)
              .append("\", \"pluginName\": \"Shell\", \"commandName\": \"Shell\",")
              .append(" \"properties\": {\"scriptBody\": \"echo ${p:port} ").append(s)
              .append("\"}, \"postProcessingScript\": {\"body\": \"properties.put('Status',")
              .append(" 'Success');\"}},");
        }
        sb.append("{\"type\": \"finish\", \"name\": \"FINISH\"}], \"edges\": [")
            .append("{\"to\": \"s0\", \"type\": \"ALWAYS\"}");
        for (int s = 1; s < steps; s++) {
          sb.append(", {\"from\": \"s").append(s - 1).append("\", \"to\": \"s").append(s)
              .append("\", \"type\": \"SUCCESS\"}");
        }
        sb.append(", {\"from\": \"s").append(steps - 1)
            .append("\", \"to\": \"FINISH\", \"type\": \"SUCCESS\"}]}}");
      }
      sb.append("]}");
    }
    sb.append("], \"processes\": [");
    for (int p = 0; p < 2; p++) {
      if (p > 0) sb.append(',');
      sb.append("{\"name\": \"Deploy").append(p).append("\", \"rootActivity\": {\"type\":")
          .append(" \"graph\", \"children\": [");
      for (int c = 0; c < components; c++) {
        sb.append("{\"type\": \"componentEnvironmentIterator\", \"name\": \"i").append(c)
            .append("\", \"componentName\": \"").append(app).append("-c").append(c)
            .append("\", \"children\": [{\"type\": \"inventoryVersionDiff\", \"name\": \"d\",")
            .append(" \"children\": [{\"type\": \"componentProcess\", \"name\": \"i").append(c)
            .append("\", \"componentProcessName\": \"p0\"}]}]},");
      }
      sb.append("{\"type\": \"finish\", \"name\": \"FINISH\"}], \"edges\": [");
      for (int c = 0; c < components; c++) {
        sb.append("{\"to\": \"i").append(c).append("\", \"type\": \"ALWAYS\"},")
            .append("{\"from\": \"i").append(c).append("\", \"to\": \"FINISH\", \"type\":")
            .append(" \"SUCCESS\"}").append(c + 1 < components ? "," : "");
      }
      sb.append("]}}");
    }
    sb.append("], \"environments\": [");
    for (int e = 0; e < envs; e++) {
      if (e > 0) sb.append(',');
      sb.append("{\"name\": \"E").append(e).append("\"")
          .append(e == envs - 1
              ? ", \"requireApprovals\": true, \"approvers\": [\"release-managers\"],"
                  + " \"gate\": {\"OR\": [{\"AND\": [\"Passed\"]}]}"
              : "")
          .append('}');
    }
    return sb.append("]}").toString();
  }

  static String stats(List<Double> xs, int runs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return String.format("median %.0f ms, spread %.0f-%.0f ms, %d runs",
        s.get(s.size() / 2), s.get(0), s.get(s.size() - 1), runs);
  }

  static String percentiles(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d calls",
        s.get(s.size() / 2), s.get((int) Math.ceil(s.size() * 0.99) - 1), s.get(s.size() - 1),
        s.size());
  }

  static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
