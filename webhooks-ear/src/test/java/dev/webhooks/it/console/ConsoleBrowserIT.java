package dev.webhooks.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.support.Api;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.Signatures;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser console (/console) in headless Chromium against the IT server: one tenant of its own,
 * signed in through the page; every wait polls with a deadline. Screenshots of each page go to
 * {@code it.screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  static final Duration WAIT = Duration.ofSeconds(40);
  static final String CONSOLE = Api.BASE + "/console/";
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String STORAGE_KEY = "webhooks-console.apiKey";

  private final Api api =
      Api.newTenant("console-it-" + UUID.randomUUID().toString().substring(0, 8));
  private final Receiver receiver = new Receiver();
  private final Path screenshots =
      Path.of(System.getProperty("it.screenshots", "target/console-screenshots"));
  private Path profile;
  private ChromeDriverService service;
  private WebDriver driver;
  private String tenantName;

  /** The endpoint created through the page by the first scenario. */
  private String endpointId;

  /** On a failure: a screenshot, the page's markup and the browser's log, beside the others. */
  @RegisterExtension
  final TestWatcher diagnostics =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (driver == null) {
            return;
          }
          String name = "failed-" + context.getRequiredTestMethod().getName();
          try {
            shot(name);
            StringBuilder log = new StringBuilder();
            log.append(driver.getCurrentUrl()).append('\n');
            log.append(js("return document.documentElement.outerHTML")).append('\n');
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
              log.append(e).append('\n');
            }
            Files.writeString(screenshots.resolve(name + ".txt"), log.toString());
          } catch (RuntimeException | IOException e) {
            System.err.println("no diagnostics for " + name + ": " + e);
          }
        }
      };

  @BeforeAll
  void start() throws IOException {
    // Selenium is given both binaries, so it never runs Selenium Manager nor downloads anything.
    System.setProperty("SE_AVOID_STATS", "true");
    Files.createDirectories(screenshots);
    profile = Files.createTempDirectory("console-chromium-");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    tenantName = api.get("/api/me").expect(200).json().getString("tenantName");
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
      if (service != null) {
        service.stop();
      }
    } finally {
      receiver.close();
      if (profile != null) {
        try (Stream<Path> files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private <T> T until(Function<WebDriver, T> condition, String what) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class)
        .withMessage(what)
        .until(condition);
  }

  private WebElement visible(By by) {
    return until(
        d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null),
        by + " to be displayed");
  }

  private void click(By by) {
    until(
        d -> {
          for (WebElement e : d.findElements(by)) {
            if (e.isDisplayed() && e.isEnabled()) {
              e.click();
              return true;
            }
          }
          return null;
        },
        by + " to be clickable");
  }

  private String textOf(By by) {
    return until(
        d -> {
          List<WebElement> found = d.findElements(by);
          return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0).getText();
        },
        by + " to show text");
  }

  private void waitText(By by, String expected) {
    until(
        d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(expected)),
        by + " to contain \"" + expected + "\"");
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Goes to a page of the console without reloading it (as a link would). */
  private void go(String hash) {
    js("location.hash = arguments[0]", hash);
    until(d -> d.getCurrentUrl().endsWith(hash), "the address to end with " + hash);
  }

  private void shot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(screenshots.resolve(name + ".png"), png);
  }

  private boolean dialogOpen(String id) {
    return Boolean.TRUE.equals(js("return document.getElementById(arguments[0]).open", id));
  }

  /** The value shown in the shown-once dialog; closes it with Escape. */
  private String takeSecretWithEscape() {
    until(d -> dialogOpen("secret-dialog"), "the secret dialog to open");
    String value = visible(By.id("secret-value")).getAttribute("value");
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    until(d -> !dialogOpen("secret-dialog"), "Escape to close the secret dialog");
    return value;
  }

  private void confirm(String expectedInMessage) {
    until(d -> dialogOpen("confirm-dialog"), "the confirmation dialog to open");
    waitText(By.id("confirm-message"), expectedInMessage);
    click(By.id("confirm-ok"));
    until(d -> !dialogOpen("confirm-dialog"), "the confirmation dialog to close");
  }

  private By endpointRow(String id) {
    return By.cssSelector("tr[data-testid='endpoint-row'][data-id='" + id + "']");
  }

  private By deliveryRow(String status) {
    return By.cssSelector("tr[data-testid='delivery-row'][data-status='" + status + "']");
  }

  private void signIn(String key) {
    if (!driver.getCurrentUrl().startsWith(CONSOLE)) {
      driver.get(CONSOLE);
    }
    if (!driver.findElements(By.id("signout")).stream().anyMatch(WebElement::isDisplayed)) {
      WebElement input = visible(By.id("signin-key"));
      input.clear();
      input.sendKeys(key);
      input.sendKeys(Keys.ENTER); // Enter submits
      visible(By.id("signout"));
    }
    assertKeyNotInUrl(key);
  }

  private void signOut() {
    click(By.id("signout"));
    visible(By.id("signin-key"));
  }

  private void assertKeyNotInUrl(String key) {
    assertFalse(driver.getCurrentUrl().contains(key), "the key is never in the URL");
  }

  private String sessionStorage() {
    return (String) js("return JSON.stringify(Object.assign({}, window.sessionStorage))");
  }

  private String send(String type, String data, String idempotencyKey) {
    String body =
        "{\"type\":\""
            + type
            + "\",\"data\":"
            + data
            + (idempotencyKey == null ? "" : ",\"idempotencyKey\":\"" + idempotencyKey + "\"")
            + "}";
    return api.post("/api/events", body).expect(202).json().getString("id");
  }

  // ---------------------------------------------------------------- tests

  @Test
  @Order(1)
  void theConsoleIsServedWithAStrictPolicyAndNoInlineCode() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(CONSOLE)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertEquals(POLICY, page.headers().firstValue("Content-Security-Policy").orElse(null));
    String html = page.body();
    assertTrue(html.contains("<script type=\"module\" src=\"app.js\"></script>"), html);
    assertFalse(
        Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE)
            .matcher(html)
            .find(),
        "no inline script");
    assertFalse(
        Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "no inline event handler");
    assertFalse(html.contains("style="), "no inline style");
    assertFalse(html.contains("importmap"), "no import map");
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no URL");
    for (String file :
        List.of(
            "app.js",
            "api.js",
            "dom.js",
            "dialogs.js",
            "endpoints.js",
            "deliveries.js",
            "events.js",
            "tenants.js",
            "chart.js",
            "recover.js")) {
      HttpResponse<String> js =
          http.send(
              HttpRequest.newBuilder(URI.create(CONSOLE + file)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, js.statusCode(), file);
      assertTrue(
          js.headers().firstValue("content-type").orElse("").contains("javascript"),
          file + " is served as JavaScript");
      assertEquals(POLICY, js.headers().firstValue("Content-Security-Policy").orElse(null));
      for (String banned :
          List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
        assertFalse(js.body().contains(banned), file + " does not use " + banned);
      }
      assertFalse(js.body().contains("console.log"), file + " logs nothing (never the key)");
    }
  }

  @Test
  @Order(2)
  void signsInWithTheKeyInSessionStorageOnly() throws IOException {
    driver.get(CONSOLE);
    WebElement input = visible(By.id("signin-key"));
    assertEquals("password", input.getAttribute("type"));
    // a wrong key is refused in the page, and not kept
    input.sendKeys("not-a-key");
    click(By.id("signin-submit"));
    waitText(By.id("signin-error"), "not valid");
    assertFalse(sessionStorage().contains("not-a-key"));
    shot("signin");
    signIn(api.key());
    waitText(By.id("whoami"), tenantName);
    assertEquals(api.key(), js("return sessionStorage.getItem(arguments[0])", STORAGE_KEY));
    assertEquals(0L, js("return localStorage.length"), "nothing in localStorage");
    assertEquals("", js("return document.cookie"), "no cookie");
    assertFalse(driver.findElement(By.id("nav-tenants")).isDisplayed(), "no Tenants page");
    until(d -> d.getCurrentUrl().endsWith("#/endpoints"), "the endpoints page");
    assertKeyNotInUrl(api.key());
  }

  @Test
  @Order(3)
  void anEndpointIsCreatedDeliveredToInspectedResentPausedAndResumed() throws IOException {
    signIn(api.key());
    click(By.id("nav-endpoints"));
    // an error from the API is shown with its title and field errors
    WebElement url = visible(By.id("endpoint-url"));
    url.sendKeys("http://example.invalid/x");
    url.sendKeys(Keys.ENTER);
    waitText(By.id("endpoint-create-error"), "url");
    assertTrue(textOf(By.id("endpoint-create-error")).length() > 3);

    // create, through the page, with Enter; the secret is shown once, Escape closes the dialog
    url = visible(By.id("endpoint-url"));
    url.clear();
    url.sendKeys(receiver.url("/console"));
    visible(By.id("endpoint-description")).sendKeys("made by the browser test");
    url.sendKeys(Keys.ENTER);
    String secret = takeSecretWithEscape();
    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals("", driver.findElement(By.id("secret-value")).getAttribute("value"), "not kept");
    endpointId =
        until(
            d ->
                d.findElements(By.cssSelector("tr[data-testid='endpoint-row']")).stream()
                    .filter(r -> r.getText().contains(receiver.url("/console")))
                    .map(r -> r.getAttribute("data-id"))
                    .findFirst()
                    .orElse(null),
            "the new endpoint in the list");
    JsonObject ep = api.get("/api/endpoints/" + endpointId).expect(200).json();
    assertEquals("made by the browser test", ep.getString("description"));
    WebElement row = visible(endpointRow(endpointId));
    assertEquals("native", row.getAttribute("data-kind"));
    assertEquals("enabled", row.getAttribute("data-state"));

    // an event through the API: the deliveries page shows it delivered, without a reload
    String eventId = send("invoice.paid", "{\"invoice\":42}", null);
    Receiver.Received got = receiver.await("/console", 1, WAIT).get(0);
    assertTrue(Signatures.valid(secret, got), "the secret shown is the one that signs");
    js("window.__sameDocument = true");
    click(
        By.cssSelector(
            "tr[data-testid='endpoint-row'][data-id='"
                + endpointId
                + "'] a[data-action='deliveries']"));
    visible(By.id("deliveries-filter"));
    WebElement delivered = visible(deliveryRow("succeeded"));
    assertEquals(eventId, delivered.getAttribute("data-event-id"));
    assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "no reload");
    shot("deliveries");

    // its attempts: the request headers as sent (the signature visible), the response status
    click(By.cssSelector("tr[data-testid='delivery-row'] a[data-action='open']"));
    visible(By.cssSelector("li[data-testid='attempt']"));
    String signature =
        textOf(
            By.cssSelector("[data-testid='request-headers'] tr[data-name='webhook-signature'] td"));
    assertEquals(got.header("webhook-signature"), signature);
    assertEquals(
        eventId,
        textOf(By.cssSelector("[data-testid='request-headers'] tr[data-name='webhook-id'] td")));
    assertEquals("204", textOf(By.cssSelector("[data-testid='response-status']")));
    assertTrue(textOf(By.cssSelector("[data-testid='request-body']")).contains("\"invoice\": 42"));
    js("document.querySelector(\"li[data-testid='attempt']\").scrollIntoView()");
    shot("attempts");

    // resend: a new delivery, which arrives again with the same webhook-id
    click(By.id("resend-button"));
    String again = visible(By.cssSelector("a[data-testid='resent-link']")).getAttribute("data-id");
    assertEquals(eventId, receiver.await("/console", 2, WAIT).get(1).header("webhook-id"));
    go("#/deliveries?endpointId=" + endpointId);
    until(
        d -> d.findElements(deliveryRow("succeeded")).size() == 2,
        "both deliveries succeeded in the list");
    assertEquals(1, driver.findElements(By.cssSelector("tr[data-id='" + again + "']")).size());

    // a test from the page
    click(By.id("nav-endpoints"));
    click(By.cssSelector("tr[data-id='" + endpointId + "'] button[data-action='test']"));
    waitText(By.id("endpoint-action-result"), "Test delivered");
    receiver.await("/console", 3, WAIT);

    // pause, then resume, through the page
    click(By.cssSelector("tr[data-id='" + endpointId + "'] button[data-action='pause']"));
    until(
        d -> "paused".equals(d.findElement(endpointRow(endpointId)).getAttribute("data-state")),
        "the endpoint to show paused");
    assertEquals("paused", api.get("/api/endpoints/" + endpointId).json().getString("state"));
    click(By.cssSelector("tr[data-id='" + endpointId + "'] button[data-action='resume']"));
    until(
        d -> "enabled".equals(d.findElement(endpointRow(endpointId)).getAttribute("data-state")),
        "the endpoint to show active again");

    // rotate the secret, after a confirmation; the new one is shown once
    click(By.cssSelector("tr[data-id='" + endpointId + "'] button[data-action='rotate']"));
    confirm("24 hours");
    String rotated = takeSecretWithEscape();
    assertTrue(rotated.startsWith("whsec_"));
    assertNotEquals(secret, rotated);
    assertEquals(
        rotated,
        api.get("/api/endpoints/" + endpointId + "/secret").expect(200).json().getString("secret"));

    // the list shows the last hour's outcomes
    until(
        d ->
            !d.findElement(endpointRow(endpointId))
                .findElement(By.cssSelector("td[data-col='p50']"))
                .getText()
                .equals("—"),
        "the last hour's latency in the list");
    shot("endpoints");
  }

  @Test
  @Order(4)
  void deletingAnEndpointAsksFirst() {
    signIn(api.key());
    String doomed = api.createEndpoint(receiver.url("/doomed"), "").getString("id");
    click(By.id("nav-endpoints"));
    // made through the API: the list shows it at its next poll, without a reload
    click(By.cssSelector("tr[data-id='" + doomed + "'] button[data-action='delete']"));
    // Cancel keeps it
    until(d -> dialogOpen("confirm-dialog"), "the confirmation dialog");
    assertEquals(
        "confirm-cancel", driver.switchTo().activeElement().getAttribute("id"), "Cancel first");
    click(By.id("confirm-cancel"));
    until(d -> !dialogOpen("confirm-dialog"), "the dialog to close");
    assertEquals(200, api.get("/api/endpoints/" + doomed).status());
    click(By.cssSelector("tr[data-id='" + doomed + "'] button[data-action='delete']"));
    confirm(receiver.url("/doomed"));
    until(d -> d.findElements(endpointRow(doomed)).isEmpty(), "the row to go");
    assertEquals(404, api.get("/api/endpoints/" + doomed).status());
  }

  @Test
  @Order(5)
  void endpointsOfOtherStylesAreListedReadOnly() {
    signIn(api.key());
    String truto =
        api.post("/api/webhook", "{\"target_url\":\"" + receiver.url("/truto") + "\"}")
            .expect(201)
            .json()
            .getString("id");
    click(By.id("nav-endpoints"));
    WebElement row =
        until(
            d ->
                d
                    .findElements(
                        By.cssSelector("tr[data-testid='endpoint-row'][data-kind='truto']"))
                    .stream()
                    .filter(r -> r.getText().contains(receiver.url("/truto")))
                    .findFirst()
                    .orElse(null),
            "the Truto-style webhook " + truto + " in the list");
    assertTrue(row.findElements(By.tagName("button")).isEmpty(), "no action on it");
    assertTrue(row.getText().contains("read-only"));
  }

  @Test
  @Order(6)
  void aFailedDeliveryIsRecoveredAfterAConfirmationThatSaysHowMany() throws IOException {
    signIn(api.key());
    receiver.script("/failing", Reply.status(500));
    String failing =
        api.createEndpoint(
                receiver.url("/failing"),
                "\"eventTypes\":[\"order.failed\"],\"retryPolicy\":{\"delays\":[1]}")
            .getString("id");
    send("order.failed", "{\"order\":7}", null);
    go("#/deliveries?endpointId=" + failing + "&status=failed");
    WebElement row = visible(deliveryRow("failed"));
    assertEquals("2", row.findElement(By.cssSelector("td[data-col='attempts']")).getText());
    assertEquals("500", row.findElement(By.cssSelector("td[data-col='last-code']")).getText());
    // the filter form shows the filters of the address
    assertEquals(failing, visible(By.id("filter-endpoint")).getAttribute("value"));
    assertEquals("failed", visible(By.id("filter-status")).getAttribute("value"));
    shot("deliveries-failed");

    receiver.script("/failing", Reply.status(200));
    click(By.id("recover-submit"));
    confirm("1 failed delivery");
    waitText(By.id("recover-result"), "Recovered 1 delivery");
    receiver.await("/failing", 3, WAIT);
    // the list (still filtered on failed) empties; unfiltered it shows the delivery succeeded
    until(d -> d.findElements(deliveryRow("failed")).isEmpty(), "no failed delivery left");
    click(By.id("filter-clear"));
    visible(By.id("filter-endpoint"));
    go("#/deliveries?endpointId=" + failing);
    visible(deliveryRow("succeeded"));
    assertEquals(
        "succeeded", api.deliveries(failing, "succeeded").getJsonObject(0).getString("status"));
  }

  @Test
  @Order(7)
  void eventDataIsShownAsTextAndRunsNothing() throws IOException {
    signIn(api.key());
    js("window.__xss = undefined; window.alert = function () { window.__xss = 'alert'; };");
    String key = "xss-" + UUID.randomUUID();
    String id =
        send(
            "console.xss",
            "{\"note\":\"" + XSS + "\",\"more\":\"<script>window.__xss='script'</script>\"}",
            key);
    click(By.id("nav-events"));
    // find by idempotency key, submitted with Enter
    WebElement keyInput = visible(By.id("event-key"));
    keyInput.sendKeys(key);
    keyInput.sendKeys(Keys.ENTER);
    WebElement data = visible(By.id("event-data"));
    until(d -> d.findElement(By.id("event-data")).getText().contains(XSS), "the data as text");
    assertTrue(data.getText().contains("<script>window.__xss='script'</script>"));
    assertEquals(id, visible(By.id("event-detail")).getAttribute("data-id"));
    assertTrue(
        driver.findElements(By.cssSelector("#event-data img, #event-data script")).isEmpty());
    assertTrue(driver.findElements(By.cssSelector("#view img")).isEmpty(), "no <img> at all");
    // where it went: its deliveries
    until(
        d ->
            !d.findElements(
                    By.cssSelector("#event-deliveries-table tr[data-testid='delivery-row']"))
                .isEmpty(),
        "its deliveries");
    shot("events");
    // by id too, and in the attempt's request body
    go("#/events?id=" + id);
    until(d -> d.findElement(By.id("event-id")).getAttribute("value").equals(id), "the id");
    until(
        d -> d.findElements(deliveryRow("succeeded")).size() >= 1,
        "the delivery to the first endpoint succeeded");
    click(
        By.cssSelector(
            "#event-deliveries-table tr[data-endpoint-id='"
                + endpointId
                + "'] a[data-action='open']"));
    until(
        d ->
            d.findElements(By.cssSelector("[data-testid='request-body']")).stream()
                .anyMatch(e -> e.getText().contains(XSS)),
        "the request body as text");
    assertTrue(driver.findElements(By.cssSelector("#view img, #view script")).isEmpty());
    assertNull(js("return window.__xss === undefined ? null : window.__xss"), "nothing ran");
    try {
      driver.switchTo().alert();
      throw new AssertionError("an alert is open");
    } catch (NoAlertPresentException expected) {
      // none
    }
  }

  @Test
  @Order(8)
  void anEndpointHasAChartOfItsLastDay() throws IOException {
    signIn(api.key());
    go("#/endpoints/" + endpointId);
    WebElement outcomes = visible(By.id("chart-outcomes"));
    until(
        d -> !d.findElements(By.cssSelector("#chart-outcomes rect.bar-succeeded")).isEmpty(),
        "bars of succeeded attempts");
    assertTrue(
        Integer.parseInt(visible(By.id("chart-outcomes")).getAttribute("data-succeeded")) >= 3,
        outcomes.getAttribute("data-succeeded"));
    assertEquals("svg", outcomes.getTagName());
    assertFalse(driver.findElements(By.cssSelector("#chart-latency circle.dot-max")).isEmpty());
    waitText(By.cssSelector("[data-testid='endpoint-state']"), "enabled");
    js("document.getElementById('chart-section').scrollIntoView()");
    shot("chart");
  }

  @Test
  @Order(9)
  void atPhoneWidthTheNavigationAndTheListStayUsable() throws IOException {
    signIn(api.key());
    try {
      driver.manage().window().setSize(new Dimension(390, 844));
      click(By.id("nav-endpoints"));
      visible(By.id("endpoints-table"));
      for (String page : List.of("endpoints", "deliveries", "events")) {
        assertTrue(visible(By.id("nav-" + page)).isDisplayed(), page);
      }
      visible(endpointRow(endpointId));
      until(
          d ->
              (Boolean)
                  js(
                      "return document.documentElement.scrollWidth"
                          + " <= document.documentElement.clientWidth + 1"),
          "the page not to scroll sideways (only its tables do)");
      assertTrue(visible(By.id("signout")).isDisplayed());
      shot("endpoints-phone");
      click(By.id("nav-deliveries"));
      visible(By.id("filter-status"));
      until(
          d ->
              (Boolean)
                  js(
                      "return document.documentElement.scrollWidth"
                          + " <= document.documentElement.clientWidth + 1"),
          "the deliveries page not to scroll sideways");
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 800));
    }
  }

  @Test
  @Order(10)
  void signingOutForgetsTheKeyAndStopsPolling() {
    signIn(api.key());
    click(By.id("nav-endpoints"));
    visible(By.id("endpoints-table"));
    until(d -> js("return document.body.dataset.polls") != null, "a poll");
    signOut();
    assertFalse(sessionStorage().contains(api.key()), "the key is gone");
    assertNull(js("return sessionStorage.getItem(arguments[0])", STORAGE_KEY));
    assertEquals(0L, js("return document.getElementById('view').childElementCount"));
    Object polls = js("return document.body.dataset.polls");
    Await.holds(
        () -> polls.equals(js("return document.body.dataset.polls")),
        Duration.ofSeconds(7),
        "no poll after sign out");
    assertKeyNotInUrl(api.key());
    assertTrue(visible(By.id("signin-key")).getAttribute("value").isEmpty());
  }

  @Test
  @Order(11)
  void theBootstrapKeyManagesTenantsAndTheirKeys() throws IOException {
    if (driver.findElements(By.id("signout")).stream().anyMatch(WebElement::isDisplayed)) {
      signOut();
    }
    signIn(Api.BOOTSTRAP_KEY);
    click(By.id("nav-tenants"));
    String name = "console-made-" + UUID.randomUUID().toString().substring(0, 8);
    WebElement input = visible(By.id("tenant-name"));
    input.sendKeys(name);
    input.sendKeys(Keys.ENTER);
    String tenantKey = takeSecretWithEscape();
    assertEquals(200, new Api(tenantKey, null).get("/api/me").status(), "the key shown works");
    // the list (oldest first: the new tenant may be pages away on a server with many)
    visible(By.cssSelector("#tenants-table tr[data-testid='tenant-row']"));
    shot("tenants");
    click(By.cssSelector("a[data-testid='new-tenant-keys']"));
    waitText(By.id("page-title"), name);
    visible(By.id("keys-table"));
    click(By.id("issue-key"));
    String issued = takeSecretWithEscape();
    assertEquals(200, new Api(issued, null).get("/api/me").status(), "the issued key works");
    By issuedRow =
        By.cssSelector("tr[data-testid='key-row'][data-prefix='" + issued.substring(0, 12) + "']");
    visible(issuedRow);
    assertEquals(2, driver.findElements(By.cssSelector("tr[data-testid='key-row']")).size());
    shot("tenant-keys");
    click(
        By.cssSelector(
            "tr[data-prefix='" + issued.substring(0, 12) + "'] button[data-action='revoke']"));
    confirm(issued.substring(0, 12));
    until(
        d -> "true".equals(d.findElement(issuedRow).getAttribute("data-revoked")),
        "the key to show revoked");
    assertEquals(401, new Api(issued, null).get("/api/me").status(), "the revoked key is refused");
    assertEquals(200, new Api(tenantKey, null).get("/api/me").status(), "the other still works");
    signOut();
    assertFalse(sessionStorage().contains(Api.BOOTSTRAP_KEY));
  }

  @Test
  @Order(12)
  void theBrowserReportedNoPolicyViolationAndNoScriptError() {
    List<String> bad = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      if (m.contains("Content Security Policy") || m.contains("Uncaught")) {
        bad.add(m);
      }
      assertFalse(m.contains(api.key()), "the key is never logged");
    }
    assertEquals(List.of(), bad);
  }
}
