package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - {name: deploy, steps: [{name: s, type: component.install, with: {component: Svc, process: deploy}}]}
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
      approval: {required: 1, approvers: [reviewers], noSelfApproval: false, commentRequired: true}
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Role
      name: reviewers
      permissions: [view, approve]
      """;

  @TempDir Path dir;
  private InProcessPipeline pipeline;
  private WebDriver browser;

  @BeforeEach
  void start() {
    boolean present =
        Files.isExecutable(Path.of("/usr/bin/chromium"))
            && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    if (!present && System.getenv("SHIPLOCK_REQUIRE_BROWSER") != null)
      throw new AssertionError("no chromium/chromedriver; scripts/browser.sh installs them");
    assumeTrue(present, "skipped: run scripts/browser.sh");
    pipeline = new InProcessPipeline(dir, CONFIG, "worker");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build(),
            options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (pipeline != null) pipeline.close();
  }

  /** Waits until the page's status line (a new page after a form) says this. */
  private void waitStatus(String text) {
    new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
        .until(
            d -> {
              try {
                return d.findElement(By.cssSelector("[role=status]")).getText().contains(text);
              } catch (org.openqa.selenium.StaleElementReferenceException
                  | org.openqa.selenium.NoSuchElementException e) {
                return false;
              }
            });
  }

  private void shot(String name) throws Exception {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path docs = Path.of("../docs/screenshots");
    Files.createDirectories(docs);
    Files.copy(png, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
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

    String base = pipeline.server.url();
    browser.get(base + "/ui/apps/Shop");
    assertThat(browser.getCurrentUrl()).endsWith("/ui/login"); // not logged in: the login page
    browser.findElement(By.id("user")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys("wrong-password");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
        .contains("Wrong user name or password");
    browser.findElement(By.id("user")).clear();
    browser.findElement(By.id("user")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys(io.shiplock.server.TestServer.ADMIN_PASSWORD);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
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
    shot("pipeline");

    // Request 2.0 for Production from the page: the gate's refusal is shown in place.
    prod.findElement(By.tagName("summary")).click();
    prod = browser.findElement(By.cssSelector("article[aria-label='Production']"));
    prod.findElement(By.cssSelector("button[type=submit]")).click();
    waitStatus("the gate of environment 'Production' refuses Svc 2.0: missing status Passed");

    // Request 1.0 for Public: it waits for approval; approve it from the inbox with a comment.
    WebElement pub = browser.findElement(By.cssSelector("article[aria-label='Public']"));
    pub.findElement(By.tagName("summary")).click();
    new org.openqa.selenium.support.ui.Select(pub.findElement(By.name("version:Svc")))
        .selectByVisibleText("1.0");
    pub.findElement(By.cssSelector("button[type=submit]")).click();
    // The new request's page: it waits for approval.
    new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
        .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/ui/requests/"));
    String requestPage = browser.getCurrentUrl();
    assertThat(browser.findElement(By.tagName("h1")).getText()).endsWith(": deploy on Public");
    assertThat(browser.findElement(By.cssSelector(".state")).getText())
        .isEqualTo("WAITING_APPROVAL");
    browser.findElement(By.linkText("Approvals")).click();
    WebElement waiting = browser.findElement(By.cssSelector("article.env"));
    assertThat(waiting.getText())
        .contains("deploy on Public")
        .contains("Svc 1.0")
        .contains("0 of 1 approvals");
    waiting.findElement(By.cssSelector("button[value=approve]")).click();
    waitStatus("requires a comment");
    browser.findElement(By.tagName("textarea")).sendKeys("looks right");
    shot("approvals");
    browser.findElement(By.cssSelector("button[value=approve]")).click();
    waitStatus(": approved.");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("Nothing waits for your approval.");

    // The request ran: its page shows each step, the agent's output and the decision.
    new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            d -> {
              d.get(requestPage);
              return d.findElement(By.cssSelector(".state")).getText().equals("SUCCEEDED");
            });
    String page = browser.findElement(By.tagName("main")).getText();
    assertThat(page).contains("admin APPROVED: “looks right”").contains("hello").contains("worker");
    browser.findElement(By.xpath("//tr[td[contains(., 'hello')]]//summary")).click();
    assertThat(browser.findElement(By.xpath("//tr[td[contains(., 'hello')]]//pre")).getText())
        .isEqualTo("hello from the agent");
    shot("request");

    // A form without the session's token (as a forged one would be) is refused.
    String session = browser.manage().getCookieNamed("shiplock_session").getValue();
    var forged =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/ui/approvals"))
                    .header("Cookie", "shiplock_session=" + session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "request=2&decision=reject&comment=x"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    // Logging out ends the session: its token is revoked.
    browser.findElement(By.xpath("//button[text()='Log out']")).click();
    new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
        .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/ui/login"));
    browser.get(base + "/ui");
    assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
  }
}
