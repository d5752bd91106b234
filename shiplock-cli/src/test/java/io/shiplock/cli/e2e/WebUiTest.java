package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's headless chromium driven by Selenium): log in, read the
 * pipeline — what runs where, its statuses, the gates' stoplights — as a user would.
 */
class WebUiTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Passed
      scope: version
      color: "#2e7d32"
      ---
      kind: Status
      name: Running
      scope: inventory
      ---
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Svc
      environmentProperties: [{name: imageId}]
      processes:
        - name: deploy
          steps:
            - {name: hello, type: shell, with: {argv: [echo, "hello from the agent"]}}
            - {name: pass, type: version.status.add, with: {status: Passed}}
            - {name: run, type: inventory.status.add, with: {status: Running}}
            - {name: id, type: property.set, with: {scope: componentEnvironment, name: imageId, value: "sha256:0123456789abcdef0123"}}
        - name: slow
          steps:
            - {name: ticks, type: shell, with: {argv: [sh, -c, "for i in 1 2 3 4; do echo tick $i; sleep 1; done"]}}
            - {name: done, type: shell, with: {argv: [echo, "all ticks done"]}}
        - name: broken
          steps:
            - {name: pull, type: shell, with: {argv: [sh, -c, "echo cannot pull; exit 3"]}}
        - name: long
          steps:
            - {name: ticks, type: shell, with: {argv: [sh, -c, "for i in $(seq 1 120); do echo tick $i; sleep 1; done"]}}
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - {name: deploy, steps: [{name: s, type: component.install, with: {component: Svc, process: deploy}}]}
        - {name: slow, steps: [{name: s, type: component.install, with: {component: Svc, process: slow, force: true}}]}
        - {name: broken, steps: [{name: s, type: component.install, with: {component: Svc, process: broken, force: true}}]}
        - {name: long, steps: [{name: s, type: component.install, with: {component: Svc, process: long, force: true}}]}
        - name: checked
          steps:
            - {name: confirm-db, type: manual, with: {approvers: [reviewers], instructions: "Check the replica lag, then confirm"}}
            - {name: s, type: component.install, with: {component: Svc, process: deploy, force: true}}
      ---
      kind: Environment
      application: Shop
      name: Test
      order: 1
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Environment
      application: Shop
      name: Production
      order: 2
      gate: {allOf: [Passed]}
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Environment
      application: Shop
      name: Public
      order: 3
      approval: {required: 1, approvers: [reviewers], noSelfApproval: true, commentRequired: true}
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Role
      name: reviewers
      permissions: [view, approve]
      ---
      kind: Team
      name: release
      members: [rita]
      roles: [{role: reviewers}]
      """;

  @TempDir Path dir;
  private InProcessPipeline pipeline;
  private WebDriver browser;
  private Ui ui;

  @BeforeEach
  void start() {
    browser = Browser.start();
    ui = new Ui(browser);
    pipeline = new InProcessPipeline(dir, CONFIG, "worker");
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (pipeline != null) pipeline.close();
  }

  /**
   * The stream of a finished request: its parts, every log line once, the end. A browser that comes
   * back with the last id it saw gets no line again.
   */
  private void streamResumesWhereItWas(String page) throws Exception {
    String session = browser.manage().getCookieNamed("shiplock_session").getValue();
    String url = page + "/events";
    var all = EventStream.read(url, session, null);
    assertThat(all.stream().map(EventStream.Event::name).toList())
        .containsExactly("head", "steps", "log", "end");
    String log = all.get(2).data();
    assertThat(log).contains("tick 1&#10;tick 2&#10;tick 3&#10;tick 4").contains("all ticks done");
    assertThat(log.indexOf("tick 1")).isEqualTo(log.lastIndexOf("tick 1"));
    var again = EventStream.read(url, session, all.get(2).id());
    assertThat(again.stream().map(EventStream.Event::name).toList())
        .containsExactly("head", "steps", "end");
    // Another browser's session cannot follow it.
    var none =
        HttpClient.newBuilder()
            .followRedirects(Redirect.NEVER)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream")
                    .build(),
                BodyHandlers.discarding());
    assertThat(none.statusCode()).isEqualTo(302);
  }

  @Test
  void aUserLogsInAndReadsThePipeline() throws Exception {
    assertThat(pipeline.post("/api/v1/components/Svc/versions", "{\"name\": \"1.0\"}").status())
        .isEqualTo(201);
    long id =
        pipeline
            .post(
                "/api/v1/requests",
                "{\"application\": \"Shop\", \"environment\": \"Test\", \"process\": \"deploy\", \"versions\": {\"Svc\": \"1.0\"}}")
            .json()
            .get("id")
            .asLong();
    JsonNode done = pipeline.awaitEnd(id);
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.post("/api/v1/components/Svc/versions", "{\"name\": \"2.0\"}").status())
        .isEqualTo(201);
    assertThat(
            pipeline
                .post(
                    "/api/v1/users",
                    "{\"name\": \"rita\", \"email\": \"rita@example.com\", \"password\": \"rita-password-1\"}")
                .status())
        .isEqualTo(201);

    String base = pipeline.server.url();
    browser.get(base + "/ui/apps/Shop");
    // Not logged in: the login page, which brings the browser back to the page it asked for.
    assertThat(browser.getCurrentUrl()).endsWith("/ui/login?next=%2Fui%2Fapps%2FShop");
    PageChecks.accessible(browser);
    browser.findElement(By.id("user")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys("wrong-password");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    assertThat(ui.text("[role=alert]")).contains("Wrong user name or password");
    // The user name stays; only the password is typed again.
    assertThat(browser.findElement(By.id("user")).getAttribute("value")).isEqualTo("admin");
    ui.logInWithKeyboard("admin", TestServer.ADMIN_PASSWORD);
    assertThat(browser.getCurrentUrl()).endsWith("/ui/apps/Shop");

    // The dashboard: each application with its latest activity.
    browser.findElement(By.linkText("Shiplock")).click();
    assertThat(ui.text("article[aria-label='Shop']"))
        .contains("Components: Svc")
        .contains("#" + id + " deploy on Test: SUCCEEDED");
    PageChecks.accessible(browser);
    browser.findElement(By.linkText("Shop")).click();

    WebElement test = browser.findElement(By.cssSelector("article[aria-label='Test']"));
    assertThat(test.getText())
        .contains("Svc 1.0")
        .contains("Passed")
        .contains("Running")
        .contains("imageId=0123456789ab");
    WebElement prod = browser.findElement(By.cssSelector("article[aria-label='Production']"));
    // The newest version (2.0) lacks the status the Production gate wants: the light is red.
    assertThat(prod.findElement(By.cssSelector(".light")).getAttribute("class")).contains("closed");
    assertThat(prod.getText())
        .contains("gate closed: Svc 2.0: missing status Passed")
        .contains("nothing deployed");
    // Environments are columns in pipeline order.
    assertThat(
            browser.findElements(By.cssSelector("article.env")).stream()
                .map(e -> e.getAttribute("aria-label"))
                .toList())
        .containsExactly("Test", "Production", "Public");
    PageChecks.accessible(browser);
    PageChecks.fitsWidth(browser);
    ui.shot("pipeline");

    // Request 2.0 for Production from the page: the gate's refusal is shown in place.
    ui.requestFrom("Production", "deploy", "2.0");
    ui.waitAlert("the gate of environment 'Production' refuses Svc 2.0: missing status Passed");
    ui.assertAbsent(By.cssSelector("[role=status]"));

    // The open pipeline page follows deployments made elsewhere (here by the API), in place.
    var js = (JavascriptExecutor) browser;
    js.executeScript("window.shiplockMarker = 'pipeline';");
    long toProd =
        pipeline
            .post(
                "/api/v1/requests",
                "{\"application\": \"Shop\", \"environment\": \"Production\", \"process\": \"deploy\", \"versions\": {\"Svc\": \"1.0\"}}")
            .json()
            .get("id")
            .asLong();
    assertThat(pipeline.awaitEnd(toProd).get("state").asText()).isEqualTo("SUCCEEDED");
    ui.waitFor(
        Duration.ofSeconds(10),
        d -> ui.text("article[aria-label='Production'] .state-part").contains("Svc 1.0"));
    assertThat(ui.text("article[aria-label='Production'] .state-part"))
        .contains("Passed")
        .contains("Running")
        .doesNotContain("nothing deployed");
    assertThat(js.executeScript("return window.shiplockMarker;")).isEqualTo("pipeline");
    // An install that fails leaves what ran, and the column says so.
    long broken =
        pipeline
            .post(
                "/api/v1/requests",
                "{\"application\": \"Shop\", \"environment\": \"Test\", \"process\": \"broken\", \"versions\": {\"Svc\": \"2.0\"}}")
            .json()
            .get("id")
            .asLong();
    assertThat(pipeline.awaitEnd(broken).get("state").asText()).isEqualTo("FAILED");
    ui.waitFor(
        Duration.ofSeconds(10),
        d ->
            ui.text("article[aria-label='Test'] .state-part").contains("last install failed: 2.0"));
    assertThat(ui.text("article[aria-label='Test'] .state-part")).contains("Svc 1.0");
    assertThat(
            browser
                .findElement(By.cssSelector("article[aria-label='Test'] .failed a"))
                .getAttribute("href"))
        .endsWith("/ui/requests/" + broken);

    // A slow deployment to Test: its page follows the log while the step runs, then the end,
    // by server-sent events (the page is never reloaded).
    ui.requestFrom("Test", "slow", "2.0");
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/ui/requests/"));
    js.executeScript("window.shiplockMarker = 'same page';");
    boolean[] seenRunning = new boolean[1];
    List<String> groupStates = new ArrayList<>();
    ui.waitFor(
        Duration.ofSeconds(20),
        d -> {
          String log = ui.text("#live-log");
          if (log.contains("tick 1")
              && !log.contains("tick 4")
              && ui.text(".state").equals("RUNNING")) {
            seenRunning[0] = true;
            // The application step installing the component waits for its children: it runs.
            groupStates.add(
                d.findElement(By.cssSelector("g.node[data-step='s']")).getAttribute("data-state"));
          }
          return log.contains("tick 2");
        });
    assertThat(seenRunning[0]).as("a log line shown while its step was running").isTrue();
    assertThat(groupStates).isNotEmpty().containsOnly("RUNNING");
    assertThat(ui.text("g.node[data-step='ticks'] title")).isNotNull();
    ui.waitFor(
        Duration.ofSeconds(20),
        d ->
            ui.text(".state").equals("SUCCEEDED")
                && ui.text("#live-log").contains("all ticks done"));
    assertThat(js.executeScript("return window.shiplockMarker;")).isEqualTo("same page");
    assertThat(ui.text("#live-log"))
        .contains("── s / ")
        .containsSubsequence("tick 1", "tick 2", "tick 3", "tick 4", "all ticks done");
    // The step graph: each step's box carries its state.
    assertThat(
            browser
                .findElement(By.cssSelector("g.node[data-step='ticks']"))
                .getAttribute("data-state"))
        .isEqualTo("SUCCEEDED");
    assertThat(
            browser.findElement(By.cssSelector("g.node[data-step='s']")).getAttribute("data-state"))
        .isEqualTo("SUCCEEDED");
    // Durations in seconds, times readable with the exact instant in their title.
    assertThat(browser.findElement(By.xpath("//tr[td[contains(., 'ticks')]]/td[4]")).getText())
        .matches("\\d+\\.\\d s");
    WebElement requested = browser.findElement(By.cssSelector("main p time"));
    assertThat(requested.getText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    assertThat(requested.getAttribute("title"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")
        .startsWith(requested.getText().substring(0, 10));
    PageChecks.accessible(browser);
    ui.shot("request-live");
    streamResumesWhereItWas(browser.getCurrentUrl());

    // Cancel asks first (the browser's dialog): dismissed, the request runs on; accepted, it ends.
    browser.findElement(By.linkText("Shop")).click();
    // A process that runs two minutes: the dialogs' round trips must not outlast it.
    ui.requestFrom("Test", "long", "2.0");
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/ui/requests/"));
    String toCancel = browser.getCurrentUrl();
    // While the first tick runs the page's parts stay as they are (no swap under the click).
    ui.waitFor(Duration.ofSeconds(20), d -> ui.text("#live-log").contains("tick 1"));
    var dialog = new WebDriverWait(browser, Duration.ofSeconds(5));
    browser.findElement(By.xpath("//button[text()='Cancel']")).click();
    dialog.until(ExpectedConditions.alertIsPresent()).dismiss();
    assertThat(ui.text(".state")).isIn("QUEUED", "RUNNING");
    browser.findElement(By.xpath("//button[text()='Cancel']")).click();
    var confirm = dialog.until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).startsWith("Cancel request ").contains("(long on Test)?");
    confirm.accept();
    ui.waitFor(Duration.ofSeconds(20), d -> ui.text(".state").equals("CANCELED"));
    assertThat(browser.getCurrentUrl()).isEqualTo(toCancel);

    // A deployment scheduled from the form's start time (UTC): SCHEDULED, nothing run, cancelable.
    ui.follow("Shop");
    LocalDateTime later =
        LocalDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.DAYS).withHour(22);
    ui.requestFrom("Test", "deploy", "2.0", later.toString());
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/ui/requests/"));
    assertThat(ui.text(".state")).isEqualTo("SCHEDULED");
    assertThat(ui.text(".nothing-yet"))
        .isEqualTo(
            "Nothing has run yet: scheduled for "
                + later.toInstant(ZoneOffset.UTC)
                + "; the gate and approvals are checked again then.");
    PageChecks.accessible(browser);
    ui.shot("request-scheduled");
    browser.findElement(By.xpath("//button[text()='Cancel']")).click();
    dialog.until(ExpectedConditions.alertIsPresent()).accept();
    ui.waitFor(Duration.ofSeconds(20), d -> ui.text(".state").equals("CANCELED"));

    // Request 1.0 for Public: it waits for approval, and its requester may not approve it.
    // The canceled page may still swap its parts as the last events arrive: the link is found anew.
    ui.follow("Shop");
    ui.requestFrom("Public", "deploy", "1.0");
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/ui/requests/"));
    String requestPage = browser.getCurrentUrl();
    assertThat(ui.text("h1")).endsWith(": deploy on Public");
    assertThat(ui.text(".state")).isEqualTo("WAITING_APPROVAL");
    assertThat(ui.text(".approval"))
        .contains("Waits for approval: 0 of 1 from reviewers (the requester may not approve)");
    // Nothing has run: the page says so instead of an empty log and an empty steps table.
    assertThat(ui.text(".nothing-yet"))
        .isEqualTo("Nothing has run yet: the steps start once the request is approved.");
    assertThat(browser.findElement(By.cssSelector(".live")).isDisplayed()).isFalse();
    ui.assertAbsent(By.cssSelector("table.steps"));
    PageChecks.accessible(browser);
    // The pipeline links the waiting request and names its version; each cell says who deployed
    // what runs there, when, through which request.
    browser.findElement(By.linkText("Shop")).click();
    WebElement waitingLink =
        browser.findElement(By.cssSelector("article[aria-label='Public'] a.waiting"));
    assertThat(waitingLink.getText()).endsWith("(Svc 1.0)");
    assertThat(waitingLink.getAttribute("href")).isEqualTo(requestPage);
    assertThat(ui.text("article[aria-label='Production'] .deployed"))
        .matches(
            "deployed by admin \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC through request "
                + toProd);
    assertThat(
            browser
                .findElement(By.cssSelector("article[aria-label='Production'] .deployed a"))
                .getAttribute("href"))
        .endsWith("/ui/requests/" + toProd);
    browser.findElement(By.linkText("Approvals")).click();
    assertThat(ui.text("article.env"))
        .contains("deploy on Public")
        .contains("You cannot decide: the requester cannot approve their own request");
    ui.logOut();

    // Rita, a reviewer, approves it from her inbox; a comment is required.
    ui.logInWithKeyboard("rita", "rita-password-1");
    browser.findElement(By.linkText("Approvals")).click();
    WebElement waiting = browser.findElement(By.cssSelector("article.env"));
    assertThat(waiting.getText())
        .contains("deploy on Public")
        .contains("Svc 1.0")
        .contains("0 of 1 approvals");
    assertThat(waiting.findElement(By.cssSelector("h2 a")).getAttribute("href"))
        .isEqualTo(requestPage);
    waiting.findElement(By.cssSelector("button[value=approve]")).click();
    // A refusal is an alert in the error style, not the success box.
    ui.waitAlert("requires a comment");
    assertThat(browser.findElement(By.cssSelector("[role=alert]")).getAttribute("class"))
        .contains("error");
    ui.assertAbsent(By.cssSelector("[role=status]"));
    browser.findElement(By.tagName("textarea")).sendKeys("looks right");
    PageChecks.accessible(browser);
    ui.shot("approvals");
    browser.findElement(By.cssSelector("button[value=approve]")).click();
    ui.waitStatus(": approved.");
    assertThat(ui.text("main")).contains("Nothing waits for your approval.");

    // The request ran: its page shows each step, the agent's output and the decision.
    ui.waitFor(
        Duration.ofSeconds(20),
        d -> {
          d.get(requestPage);
          return ui.text(".state").equals("SUCCEEDED");
        });
    assertThat(ui.text("main"))
        .contains("rita APPROVED: “looks right”")
        .contains("hello")
        .contains("worker");
    browser.findElement(By.xpath("//tr[td[contains(., 'hello')]]//summary")).click();
    assertThat(browser.findElement(By.xpath("//tr[td[contains(., 'hello')]]//pre")).getText())
        .isEqualTo("hello from the agent");
    ui.shot("request");
    // The whole log in one place: every step's output in order, as plain text.
    browser.findElement(By.linkText("whole log")).click();
    assertThat(browser.getCurrentUrl()).isEqualTo(requestPage + "/log");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("State: SUCCEEDED")
        .containsSubsequence(
            "── s ── SUCCEEDED", "/ hello ── SUCCEEDED on worker", "hello from the agent");
    browser.get(requestPage);

    // A manual step waits for a reviewer: Rita confirms it from her inbox, with a comment.
    long checked =
        pipeline
            .post(
                "/api/v1/requests",
                "{\"application\": \"Shop\", \"environment\": \"Production\", \"process\": \"checked\", \"versions\": {\"Svc\": \"1.0\"}}")
            .json()
            .get("id")
            .asLong();
    ui.waitFor(
        Duration.ofSeconds(10),
        d -> {
          d.findElement(By.linkText("Approvals")).click();
          return ui.text("main").contains("step confirm-db");
        });
    WebElement task = browser.findElement(By.cssSelector("article[aria-label^='step ']"));
    assertThat(task.getText())
        .contains("Request " + checked + ": checked on Production")
        .contains("for reviewers")
        .contains("Check the replica lag, then confirm");
    task.findElement(By.tagName("textarea")).sendKeys("lag is 0.2 s");
    PageChecks.accessible(browser);
    ui.shot("tasks");
    task.findElement(By.cssSelector("button[value=confirm]")).click();
    ui.waitStatus(": confirmed.");
    assertThat(ui.text("main")).contains("No manual step waits for you.");
    assertThat(pipeline.awaitEnd(checked).get("state").asText()).isEqualTo("SUCCEEDED");
    browser.get(requestPage);

    // The component: each version with its statuses, where it runs.
    browser.findElement(By.linkText("Svc")).click();
    assertThat(ui.text("tr[data-version='1.0']"))
        .contains("Passed")
        .contains("Shop / Public")
        .contains("Shop / Production (Running)");
    assertThat(ui.text("tr[data-version='2.0']")).contains("Shop / Test").doesNotContain("Passed");
    PageChecks.accessible(browser);
    ui.shot("component");

    // The agents: the worker is online.
    browser.findElement(By.linkText("Agents")).click();
    assertThat(ui.text("tr[data-agent='worker']")).contains("online");
    PageChecks.accessible(browser);

    // Rita may not read the audit log: no link to it, and its address says why.
    ui.assertAbsent(By.linkText("Audit"));
    browser.get(base + "/ui/audit");
    assertThat(ui.text("[role=alert]")).contains("lacks the 'security' permission");
    ui.logOut();

    // The administrator filters the audit log for Rita's decisions.
    ui.logInWithKeyboard("admin", TestServer.ADMIN_PASSWORD);
    browser.findElement(By.linkText("Audit")).click();
    browser.findElement(By.id("user-filter")).sendKeys("rita");
    browser.findElement(By.id("action")).sendKeys("approval");
    browser.findElement(By.xpath("//button[text()='Filter']")).click();
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("user=rita"));
    assertThat(browser.findElements(By.cssSelector("table.audit tbody tr"))).isNotEmpty();
    for (WebElement row : browser.findElements(By.cssSelector("table.audit tbody tr")))
      assertThat(row.getText()).contains("rita").contains("approval");
    PageChecks.accessible(browser);
    ui.shot("audit");
    browser.get(base + "/ui/audit?since=yesterday");
    assertThat(ui.text("[role=alert]")).contains("since must be a day like");

    // Delivery insights, from the pipeline page: each figure, and a chart of its weeks.
    browser.get(base + "/ui/apps/Shop");
    browser.findElement(By.linkText("Delivery insights")).click();
    assertThat(ui.text("section[data-environment='Test'] [data-figure='frequency']"))
        .contains("successful deployments");
    assertThat(browser.findElements(By.cssSelector("section[data-environment='Test'] svg")))
        .hasSize(4);
    PageChecks.accessible(browser);
    ui.shot("insights");

    // Compare, from the pipeline page: Test runs 2.0, Production 1.0; the row is marked.
    browser.get(base + "/ui/apps/Shop");
    browser.findElement(By.linkText("Compare environments")).click();
    new Select(browser.findElement(By.id("left"))).selectByVisibleText("Test");
    new Select(browser.findElement(By.id("right"))).selectByVisibleText("Production");
    browser.findElement(By.xpath("//button[text()='Compare']")).click();
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("right=Production"));
    WebElement version = browser.findElement(By.cssSelector("tr[data-row='version Svc']"));
    assertThat(version.getAttribute("class")).isEqualTo("differs");
    assertThat(version.getText()).contains("2.0").contains("1.0");
    assertThat(
            browser
                .findElement(By.cssSelector("tr[data-row='property Svc/imageId']"))
                .getAttribute("class"))
        .as("the same image id recorded in both")
        .isEqualTo("same");
    assertThat(ui.text("p.summary"))
        .as("the version and the statuses differ, each a row")
        .isEqualTo("2 difference(s), marked.");
    PageChecks.accessible(browser);
    ui.shot("compare");

    // Settings are read-only: configuration is code.
    browser.findElement(By.linkText("Settings")).click();
    assertThat(ui.text("main")).contains("managed as code");
    browser.findElement(By.linkText("Shop / Production")).click();
    assertThat(ui.text("pre.yaml")).contains("name: Production").contains("Passed");
    ui.assertAbsent(By.cssSelector("main form"));

    // On a phone: the environments stack, nothing scrolls sideways.
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(base + "/ui/apps/Shop");
    PageChecks.fitsWidth(browser);
    PageChecks.accessible(browser);
    ui.shot("pipeline-phone");
    browser.get(requestPage);
    PageChecks.fitsWidth(browser);
    browser.manage().window().setSize(new Dimension(1280, 800));

    List<String> console =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
            .toList();
    assertThat(console).as("script errors and policy violations").isEmpty();

    // A form without the session's token (as a forged one would be) is refused.
    String session = browser.manage().getCookieNamed("shiplock_session").getValue();
    var forged =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/ui/approvals"))
                    .header("Cookie", "shiplock_session=" + session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(BodyPublishers.ofString("request=2&decision=reject&comment=x"))
                    .build(),
                BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    // Logging out ends the session: its token is revoked.
    ui.logOut();
    browser.get(base + "/ui");
    assertThat(browser.getCurrentUrl()).contains("/ui/login");
  }
}
