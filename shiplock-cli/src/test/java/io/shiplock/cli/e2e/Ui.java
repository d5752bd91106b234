package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a user does on the pages, in words the browser tests read: log in, request, wait. */
final class Ui {
  private final WebDriver browser;

  Ui(WebDriver browser) {
    this.browser = browser;
  }

  /** Waits until the page's status line (a new page after a form) says this. */
  void waitStatus(String text) {
    waitRole("status", text);
  }

  /** Waits until the page's alert (a refusal, in the error style) says this. */
  void waitAlert(String text) {
    waitRole("alert", text);
  }

  private void waitRole(String role, String text) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(
            d -> {
              try {
                return d.findElement(By.cssSelector("[role=" + role + "]"))
                    .getText()
                    .contains(text);
              } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
              }
            });
  }

  void shot(String name) throws Exception {
    Browser.shot(browser, name);
  }

  void waitFor(Duration timeout, Function<WebDriver, Boolean> what) {
    new WebDriverWait(browser, timeout)
        .ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .until(what);
  }

  /**
   * Follows a link on a page whose parts a live update may swap between finding the link and the
   * click (Chrome then says the node "does not belong to the document"): found again and clicked.
   */
  void follow(String linkText) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(
            d -> {
              try {
                d.findElement(By.linkText(linkText)).click();
                return true;
              } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
              } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document"))
                  return false;
                throw e;
              }
            });
  }

  /**
   * Nothing on the page matches: checked at once, since the browser's implicit wait (5 s) would
   * wait out every absent element. Only after the page settled (an alert, a state, a load), as each
   * caller does.
   */
  void assertAbsent(By what) {
    browser.manage().timeouts().implicitlyWait(Duration.ZERO);
    try {
      assertThat(browser.findElements(what)).as("nothing on the page matches %s", what).isEmpty();
    } finally {
      browser.manage().timeouts().implicitlyWait(Browser.IMPLICIT_WAIT);
    }
  }

  String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  /** Logs in with the keyboard only: Tab to the fields, type, Enter. */
  void logInWithKeyboard(String user, String password) {
    var keys = new Actions(browser);
    for (int i = 0;
        i < 6 && !"user".equals(browser.switchTo().activeElement().getAttribute("id"));
        i++) keys.sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("user");
    // The field may hold the name typed before a refused login: select it to type over it.
    keys.keyDown(Keys.CONTROL)
        .sendKeys("a")
        .keyUp(Keys.CONTROL)
        .sendKeys(user)
        .sendKeys(Keys.TAB)
        .perform();
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
    keys.sendKeys(password).sendKeys(Keys.ENTER).perform();
    waitFor(Duration.ofSeconds(10), d -> !d.getCurrentUrl().contains("/ui/login"));
  }

  void logOut() {
    browser.findElement(By.xpath("//button[text()='Log out']")).click();
    waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/ui/login"));
  }

  void requestFrom(String environment, String process, String version) {
    requestFrom(environment, process, version, null);
  }

  /**
   * As above, to start at {@code at} (the form's datetime-local field, UTC, such as
   * 2030-01-01T22:00; set by script: typing into the field depends on the browser's locale).
   */
  void requestFrom(String environment, String process, String version, String at) {
    WebElement env =
        browser.findElement(By.cssSelector("article[aria-label='" + environment + "']"));
    env.findElement(By.tagName("summary")).click();
    new Select(env.findElement(By.name("process"))).selectByVisibleText(process);
    new Select(env.findElement(By.name("version:Svc"))).selectByVisibleText(version);
    if (at != null)
      ((JavascriptExecutor) browser)
          .executeScript("arguments[0].value = arguments[1];", env.findElement(By.name("at")), at);
    env.findElement(By.cssSelector("button[type=submit]")).click();
  }
}
