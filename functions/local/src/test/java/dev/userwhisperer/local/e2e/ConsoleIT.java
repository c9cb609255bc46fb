package dev.userwhisperer.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs when missing; without them this test fails, it never skips): the
 * platform runs real events through its pipeline, then every page is opened, must log no error in
 * the browser's console and must show what the run produced, and the main flows are used as a
 * person would: sign in, find a user, open a message's preview, save the configuration, and see a
 * bad value refused under its field. Each page's screenshot is written to {@code
 * target/console-screenshots}, and to {@code -Dconsole.screenshots.dir} when given (how {@code
 * docs/console/} is made).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "whisperer.admin-enabled=true",
      "whisperer.admin-token=" + ApiClient.ADMIN_TOKEN,
      "whisperer.clock-start=2026-03-02T10:00:00Z",
      "whisperer.demo-api-key=" + ConsoleIT.KEY,
      "whisperer.sweep-interval=1h",
      "whisperer.churn-model-bundled=true"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
  static final String KEY = "uw_console_test_key";

  /**
   * Debian's paths; {@code CONSOLE_IT_CHROMIUM} and {@code CONSOLE_IT_CHROMEDRIVER} name others.
   */
  static final Path CHROMIUM = pathOf("CONSOLE_IT_CHROMIUM", "/usr/bin/chromium");

  static final Path CHROMEDRIVER = pathOf("CONSOLE_IT_CHROMEDRIVER", "/usr/bin/chromedriver");
  static final String ADA = LocalPlatformScenario.ADA;

  @TempDir static Path dataDir;
  @TempDir static Path profileDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("whisperer.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  static WebDriver browser;

  private static Path pathOf(String variable, String debian) {
    String given = System.getenv(variable);
    return Path.of(given == null || given.isBlank() ? debian : given);
  }

  @BeforeAll
  static void startBrowser() {
    assertThat(CHROMIUM)
        .as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does it)")
        .isExecutable();
    assertThat(CHROMEDRIVER).as("Debian's chromium-driver").isExecutable();
    // never let Selenium Manager look for, or download, a driver or a browser
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,1400",
        "--user-data-dir=" + profileDir);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private ApiClient api() {
    return new ApiClient("http://localhost:" + port, KEY);
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  @Test
  @Order(1)
  void aRunOfThePipelineFillsTheStoresAndTheWarehouse() {
    assertThat(api().postEvents(LocalPlatformScenario.FIRST_BATCH).status()).isEqualTo(202);
    api().drain();
    api().advanceClock(Duration.ofHours(1));
    String now = api().adminGet("/admin/clock").json().get("now").asText();
    String later =
        """
        {"batch":[
          {"messageId":"console-1","type":"session_started","userId":"%1$s","timestamp":"%2$s"},
          {"messageId":"console-2","type":"feature_used","userId":"%1$s","timestamp":"%2$s",
           "properties":{"feature":"weekly_plan"}}]}
        """
            .formatted(ADA, now);
    assertThat(api().postEvents(later).status()).isEqualTo(202);
    api().drain();
    assertThat(api().adminPost("/admin/learn").status()).isEqualTo(200);

    assertThat(api().get("/v1/outbox").json().get("messages")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(2)
  void aBrowserWithoutTheAdminTokenIsSentToTheSignInPage() {
    ApiClient.Response anonymous = new ApiClient("http://localhost:" + port, null).get("/console");
    assertThat(anonymous.status()).isEqualTo(302);
    assertThat(anonymous.raw().headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));

    ApiClient.Response htmx =
        new ApiClient("http://localhost:" + port, null)
            .send(
                HttpRequest.newBuilder(URI.create(url("/console/apps/demo/messages")))
                    .header("HX-Request", "true")
                    .GET());
    assertThat(htmx.status()).isEqualTo(401);
    assertThat(htmx.raw().headers().firstValue("HX-Redirect")).contains("/console/login");
    ApiClient.Response wrongToken =
        new ApiClient("http://localhost:" + port, null)
            .send(
                HttpRequest.newBuilder(URI.create(url("/console/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=uwa_not_the_token_at_all")));
    assertThat(wrongToken.status()).isEqualTo(401);
    assertThat(wrongToken.body()).contains("That is not the admin token.");
    assertThat(wrongToken.raw().headers().firstValue("Set-Cookie")).isEmpty();
    ApiClient.Response rightToken =
        new ApiClient("http://localhost:" + port, null)
            .send(
                HttpRequest.newBuilder(URI.create(url("/console/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + ApiClient.ADMIN_TOKEN)));
    assertThat(rightToken.status()).isEqualTo(302);
    assertThat(rightToken.raw().headers().firstValue("Location"))
        .as("the session id travels in the cookie only, never in a URL")
        .hasValue(url("/console"));

    browser.get(url("/console"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    screenshot("login");
    browser.findElement(By.id("token")).sendKeys(ApiClient.ADMIN_TOKEN);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();

    waitUntil(d -> d.getCurrentUrl().endsWith("/console/apps/demo"));
    var session = browser.manage().getCookieNamed("JSESSIONID");
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertNoConsoleErrors("sign-in");
  }

  @Test
  @Order(3)
  void theOverviewShowsTrafficUsersLifecycleChannelsAndTheHoldout() {
    browser.get(url("/console/apps/demo"));
    waitUntil(d -> charts() == 3);

    assertThat(number("events-last-day")).isGreaterThanOrEqualTo(2);
    assertThat(number("daily-active")).isGreaterThanOrEqualTo(1);
    assertThat(number("weekly-active")).isGreaterThanOrEqualTo(4);
    String holdout = browser.findElement(By.id("holdout")).getText();
    assertThat(holdout).contains("active in week 4");
    List<WebElement> activeRow =
        browser.findElements(By.cssSelector("#holdout tbody tr:first-child td"));
    assertThat(Integer.parseInt(activeRow.get(1).getText())).as("treated users").isGreaterThan(1);
    assertThat(Integer.parseInt(activeRow.get(3).getText())).as("held-out users").isEqualTo(1);
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("email");
    assertNoConsoleErrors("overview");
    screenshot("overview");
  }

  @Test
  @Order(4)
  void findingAUserOpensTheirLifecycleDecisionsMessagesAndEvents() {
    open("Users");
    search("user-");
    assertThat(browser.findElement(By.cssSelector("ul.matches")).getText())
        .contains(ADA, LocalPlatformScenario.HELD_OUT);
    search("user%");
    assertThat(browser.findElement(By.cssSelector("p.empty")).getText())
        .as("a wildcard typed is a character, not a pattern")
        .contains("No user id starts with");

    browser.findElement(By.id("q")).clear();
    browser.findElement(By.id("q")).sendKeys(ADA);
    browser.findElement(By.cssSelector("form.search button")).click();
    waitUntil(d -> d.getCurrentUrl().endsWith("/users/" + ADA));

    assertThat(browser.getCurrentUrl()).endsWith("/console/apps/demo/users/" + ADA);
    assertThat(browser.findElement(By.id("lifecycle")).getText()).isEqualTo("ACTIVATED");
    String decisions = browser.findElement(By.id("decisions")).getText();
    assertThat(decisions).contains("SEND", "eligible", "welcome", "email");
    WebElement candidates = browser.findElement(By.cssSelector("#decisions table.candidates"));
    assertThat(texts(candidates, By.tagName("th")))
        .containsExactly(
            "intervention", "predicted effect", "chance picked", "draw", "source · model");
    List<String> chosen =
        browser.findElements(By.cssSelector("#decisions tr.chosen")).stream()
            .map(row -> texts(row, By.tagName("td")))
            .filter(cells -> cells.get(0).equals("welcome"))
            .findFirst()
            .orElseThrow();
    assertThat(chosen.get(1))
        .as("mean ± standard deviation")
        .matches("[+-]\\d+\\.\\d ± \\d+\\.\\d pp");
    assertThat(chosen.get(2)).as("chance picked").matches("<1%|>99%|\\d+%");
    assertThat(chosen.get(3)).as("draw").matches("[+-]\\d+\\.\\d pp");
    String messages = browser.findElement(By.id("user-messages")).getText();
    assertThat(messages).contains("welcome", "email");
    String main = browser.findElement(By.tagName("main")).getText();
    assertThat(main).contains("feature_used", "session_started", "user_signup");
    assertNoConsoleErrors("user");
    screenshot("user");
  }

  @Test
  @Order(5)
  void aMessagesPreviewOpensBesideTheList() {
    open("Messages");
    WebElement row =
        browser.findElements(By.cssSelector("#messages tbody tr")).stream()
            .filter(r -> r.getText().contains(ADA))
            .findFirst()
            .orElseThrow();
    row.findElement(By.cssSelector("button.preview")).click();

    WebElement preview =
        new WebDriverWait(browser, Duration.ofSeconds(10))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("message-preview")));
    assertThat(preview.findElement(By.cssSelector("dd.subject")).getText()).contains("Ada");
    assertThat(preview.findElement(By.cssSelector("pre.body")).getText()).contains("unsubscribe");
    WebElement email = preview.findElement(By.cssSelector("iframe.email"));
    browser.switchTo().frame(email);
    try {
      waitUntil(d -> d.findElement(By.tagName("body")).getText().contains("Hi Ada"));
      assertThat(browser.findElements(By.tagName("img")))
          .as("the open pixel is left out")
          .isEmpty();
    } finally {
      browser.switchTo().defaultContent();
    }
    assertNoConsoleErrors("messages");
    screenshot("messages");
  }

  @Test
  @Order(6)
  void theModelsPageShowsEachModelsCard() {
    open("Models");

    String models = browser.findElement(By.id("models")).getText();
    assertThat(models).contains("churn", "36c1a410a389", "live");
    assertNoConsoleErrors("models");
    screenshot("models");
  }

  @Test
  @Order(7)
  void theVariantsPageShowsTheVariantPerformanceView() {
    open("Variants");

    String variants = browser.findElement(By.id("variants")).getText();
    assertThat(variants).contains("welcome", "email", "acted_low", "acted_high");
    assertNoConsoleErrors("variants");
    screenshot("variants");
  }

  @Test
  @Order(8)
  void theConfigurationIsSavedAsANewVersionAndABadValueIsRefusedUnderItsField() {
    open("Configuration");
    WebElement document = browser.findElement(By.id("document"));
    String original = document.getAttribute("value");
    assertThat(original).contains("\"Tempo\"");

    replaceDocument(original.replaceFirst("\"Tempo\"", "\"Tempo Weekly\""));
    browser.findElement(By.id("save")).click();
    waitUntil(d -> !d.findElements(By.cssSelector("#saved, #violations")).isEmpty());

    assertThat(browser.findElements(By.id("saved")))
        .as("saved; the page says: %s", browser.findElement(By.tagName("main")).getText())
        .singleElement()
        .satisfies(saved -> assertThat(saved.getText()).isEqualTo("Saved as version 2."));
    assertThat(
            api()
                .get("/v1/apps/demo/config")
                .json()
                .get("config")
                .get("product")
                .get("name")
                .asText())
        .isEqualTo("Tempo Weekly");
    assertNoConsoleErrors("configuration");

    String saved = browser.findElement(By.id("document")).getAttribute("value");
    replaceDocument(saved.replaceFirst("\"Tempo Weekly\"", "42"));
    browser.findElement(By.id("save")).click();
    waitUntil(d -> !d.findElements(By.id("violations")).isEmpty());

    String violations = browser.findElement(By.id("violations")).getText();
    assertThat(violations).contains("Not saved", "/product/name");
    assertThat(browser.findElement(By.id("document")).getAttribute("value")).contains("42");
    assertThat(api().get("/v1/apps/demo/config").json().get("version").asInt()).isEqualTo(2);
    assertNoConsoleErrors("configuration refused");
    screenshot("configuration");
  }

  private void search(String typed) {
    WebElement before = browser.findElement(By.tagName("html"));
    browser.findElement(By.id("q")).clear();
    browser.findElement(By.id("q")).sendKeys(typed);
    browser.findElement(By.cssSelector("form.search button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(ExpectedConditions.stalenessOf(before));
  }

  /** Follows a link of the navigation as a person would, and waits for the page it opens. */
  private void open(String section) {
    browser.findElement(By.linkText(section)).click();
    waitUntil(d -> d.findElement(By.tagName("h1")).getText().equals(section));
  }

  private void replaceDocument(String text) {
    WebElement document = browser.findElement(By.id("document"));
    // typing 10 KB key by key takes long; set the value as a paste would
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].value = arguments[1];", document, text);
  }

  private long charts() {
    return (Long)
        ((JavascriptExecutor) browser)
            .executeScript("return document.querySelectorAll('[data-chart] canvas').length;");
  }

  private long number(String id) {
    return Long.parseLong(browser.findElement(By.id(id)).getText().strip());
  }

  private void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
  }

  /**
   * Every message the page logged at SEVERE (errors, failed loads, CSP refusals) fails the test.
   */
  private static void assertNoConsoleErrors(String page) {
    List<String> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    assertThat(errors).as("errors in the browser console on the %s page", page).isEmpty();
  }

  private static void screenshot(String name) {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    List<Path> dirs =
        System.getProperty("console.screenshots.dir") == null
            ? List.of(Path.of("target/console-screenshots"))
            : List.of(
                Path.of("target/console-screenshots"),
                Path.of(System.getProperty("console.screenshots.dir")));
    for (Path dir : dirs) {
      try {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), png);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the screenshot of " + name, e);
      }
    }
  }

  private static List<String> texts(SearchContext in, By by) {
    return in.findElements(by).stream().map(WebElement::getText).toList();
  }
}
