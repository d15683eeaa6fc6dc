package dev.webhooks.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webhooks.it.jmsapp.JmsSenderApp;
import dev.webhooks.it.support.Await;
import dev.webhooks.it.support.FifoReceipts;
import dev.webhooks.it.support.TestApps;
import dev.webhooks.tools.Receiver;
import dev.webhooks.tools.Receiver.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL (the build's), with nothing else shared: events go to both, one is
 * killed with {@code kill -9} in the middle, and the other carries on with everything: the
 * deliveries the dead one had queued or in flight, its share of an endpoint's rate limit, and the
 * Intuned job schedule it created (a persistent timer, which Liberty fails over after its
 * missedTaskThreshold of 100 s).
 */
class ClusterIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String BOOTSTRAP = "cluster-bootstrap-key-0123456789abcdef";

  /** The members' one encryption key: each opens what the other sealed (a test key). */
  private static final String SECRET_KEY = "DZXFlcT/i2HyA35kbk0srbNvbQjEKehFLLJ7LNDe9y8=";

  private static final Duration START = Duration.ofSeconds(240);
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int EVENTS = 2000;
  private static final int RATED = 36;
  private static final int RATE = 4;
  private static final int JMS = 40;

  private static final Member A = new Member("webhooks-member-a", 9381, 9743, 7576, 7586);
  private static final Member B = new Member("webhooks-member-b", 9382, 9744, 7577, 7587);

  private static Receiver receiver;

  /** FIFO events through both members: 10 keys of 20, answered in 20 ms, 10% failing first. */
  private static final FifoReceipts fifo = new FifoReceipts(0.10, 31, Duration.ofMillis(20));

  private static final int FIFO_KEYS = 10;
  private static final int FIFO_PER_KEY = 20;

  /** Requests being answered now, by webhook-id: a second one at once means two senders. */
  private static final Set<String> answering = ConcurrentHashMap.newKeySet();

  private static final List<String> overlaps = new ArrayList<>();

  @BeforeAll
  static void startTwoMembers() throws Exception {
    // Only in its own pass (-Dit.test selects a test in every pass).
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("it.pg.port") != null, "the cluster pass");
    receiver = new Receiver();
    receiver.handler(
        "/all",
        r -> {
          String id = r.header("webhook-id");
          if (!answering.add(id)) {
            synchronized (overlaps) {
              overlaps.add(id);
            }
          }
          try {
            // A receiver that takes a little time: long enough for a second sender of the same
            // delivery to overlap the first, if there were one.
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            answering.remove(id);
          }
          return Reply.status(204);
        });
    receiver.handler("/svc/list", r -> Reply.json(200, "{\"result\":1}"));
    receiver.handler("/fifo", fifo::answer);
    A.configure();
    B.configure();
    B.deployJmsSender();
    // One after the other, as a rolling start would: the first migrates the empty database.
    A.command("start");
    A.awaitReady();
    B.command("start");
    B.awaitReady();
  }

  @AfterAll
  static void stopBoth() throws Exception {
    if (receiver == null) {
      return;
    }
    for (Member m : List.of(A, B)) {
      try {
        m.command("stop");
      } catch (Exception | AssertionError e) {
        System.err.println("stopping " + m.name + ": " + e);
      }
    }
    receiver.close();
  }

  @Test
  void theSurvivorDeliversEverythingAcceptedOnceAndKeepsTheLimitsAndTheSchedules()
      throws Exception {
    // A tenant created through A, used through both: one database.
    JsonObject tenant =
        A.call("POST", BOOTSTRAP, "/api/tenants", "{\"name\":\"cluster\"}", 201).json();
    String key = tenant.getString("apiKey");
    String tenantId = tenant.getString("id");
    B.call("GET", key, "/api/endpoints", null, 200);
    A.call(
        "POST",
        key,
        "/api/endpoints",
        "{\"url\":\"" + receiver.url("/all") + "\",\"eventTypes\":[\"cluster.event\"]}",
        201);
    A.call(
        "POST",
        key,
        "/api/endpoints",
        "{\"url\":\""
            + receiver.url("/rated")
            + "\",\"eventTypes\":[\"cluster.rated\"],\"rateLimitPerSecond\":"
            + RATE
            + "}",
        201);

    A.call(
        "POST",
        key,
        "/api/endpoints",
        "{\"url\":\""
            + receiver.url("/fifo")
            + "\",\"eventTypes\":[\"fifo.test\"],\"ordering\":\"fifo\","
            + "\"retryPolicy\":{\"delays\":[10,10,10,10,10,10,10,10,10,10]}}",
        201);

    // An Intuned job whose schedule A owns (Liberty runs a timer on the member that created it for
    // as long as that member renews its claim).
    String project = "/api/" + tenantId + "/projects/shop";
    A.call(
        "PUT",
        key,
        project,
        "{\"apis\":{\"list\":{\"url\":\"" + receiver.url("/svc/list") + "\"}}}",
        201);
    A.call(
        "POST",
        key,
        project + "/jobs",
        "{\"id\":\"every-5s\",\"payload\":[{\"apiName\":\"list\"}],"
            + "\"schedule\":{\"intervals\":[{\"every\":\"PT5S\"}]}}",
        201);
    receiver.await("/svc/list", 1, WAIT);

    // Rate-limited events through both members: each sends its share of the limit.
    for (int i = 0; i < RATED; i++) {
      (i % 2 == 0 ? A : B)
          .call("POST", key, "/api/events", "{\"type\":\"cluster.rated\",\"data\":{}}", 202);
    }

    // FIFO events through both members, alternately (each after the 202 of the one before): both
    // members claim and record deliveries of the same keys.
    for (int n = 0; n < FIFO_PER_KEY; n++) {
      for (int k = 0; k < FIFO_KEYS; k++) {
        ((n * FIFO_KEYS + k) % 2 == 0 ? A : B)
            .call("POST", key, "/api/events", FifoReceipts.event("k" + k, n), 202);
      }
    }

    // Routing is cached on each member; a subscription changed through one member routes the next
    // event accepted through the other (both have routed this tenant's events above).
    String late =
        B.call(
                "POST",
                key,
                "/api/endpoints",
                "{\"url\":\"" + receiver.url("/late") + "\",\"eventTypes\":[\"cluster.late\"]}",
                201)
            .json()
            .getString("id");
    assertEquals(
        1,
        A.call("POST", key, "/api/events", "{\"type\":\"cluster.late\",\"data\":{}}", 202)
            .json()
            .getInt("deliveries"),
        "an event through A right after B created its subscription");
    A.call("PATCH", key, "/api/endpoints/" + late, "{\"eventTypes\":[\"cluster.later\"]}", 200);
    assertEquals(
        0,
        B.call("POST", key, "/api/events", "{\"type\":\"cluster.late\",\"data\":{}}", 202)
            .json()
            .getInt("deliveries"),
        "an event through B right after A changed the subscription's types");
    receiver.await("/late", 1, WAIT);

    // Events through both, alternately; A dies half-way. What A refuses after that was never
    // accepted; everything either member answered 202 must arrive.
    Set<String> accepted = new java.util.LinkedHashSet<>();
    Instant killedAt = null;
    for (int i = 0; i < EVENTS; i++) {
      if (i == EVENTS / 2) {
        A.kill();
        killedAt = Instant.now();
      }
      Member to = i % 2 == 0 ? A : B;
      Resp r =
          to.tryCall(
              "POST",
              key,
              "/api/events",
              "{\"type\":\"cluster.event\",\"data\":{\"n\":" + i + "}}");
      if (r != null && r.status == 202) {
        accepted.add(r.json().getString("id"));
      }
    }
    assertTrue(accepted.size() >= EVENTS * 3 / 4 - 1, accepted.size() + " accepted");

    // JMS through the survivor: its own messaging engine.
    for (int i = 0; i < JMS; i++) {
      B.jms(tenantId, "{\"type\":\"cluster.event\",\"data\":{\"jms\":" + i + "}}");
    }

    // Everything accepted arrives: what A had queued or in flight is taken over after its lease.
    Await.until(
        () -> received("/all").keySet().containsAll(accepted),
        WAIT,
        "every accepted event to arrive (" + accepted.size() + ")");
    Await.until(
        () -> received("/all").size() >= accepted.size() + JMS,
        WAIT,
        "the events sent over JMS to the survivor to arrive");
    Map<String, Integer> all = received("/all");
    int receipts = all.values().stream().mapToInt(Integer::intValue).sum();
    int duplicates = receipts - all.size();
    assertTrue(
        duplicates <= (accepted.size() + JMS) / 200,
        duplicates + " duplicates of " + (accepted.size() + JMS) + " (at most 0.5%)");
    synchronized (overlaps) {
      assertEquals(List.of(), overlaps, "deliveries attempted by two servers at once");
    }

    // FIFO: every key in order, and no request of a key sent before the one ahead of it was
    // answered, whichever member claimed it.
    Await.until(
        () -> fifo.succeededCount() == FIFO_KEYS * FIFO_PER_KEY,
        WAIT,
        "every FIFO event to arrive (" + fifo.succeededCount() + ")");
    fifo.assertInOrder(FIFO_KEYS, FIFO_PER_KEY);

    // The rate limit held across both: at most RATE in any second of the servers' clock, so any
    // 2 * RATE + 1 arrivals span more than a second (100 ms spare for the sending delay).
    List<Instant> rated =
        receiver.await("/rated", RATED, WAIT).stream().map(Receiver.Received::at).sorted().toList();
    for (int i = 0; i + 2 * RATE < rated.size(); i++) {
      long span = Duration.between(rated.get(i), rated.get(i + 2 * RATE)).toMillis();
      assertTrue(span > 900, (2 * RATE + 1) + " rated arrivals within " + span + " ms");
    }

    // The schedule A owned keeps firing on B once Liberty's claim on it lapses (100 s at least).
    Instant after = killedAt.plusSeconds(1);
    Await.until(
        () -> receiver.at("/svc/list").stream().anyMatch(r -> r.at().isAfter(after)),
        Duration.ofSeconds(330),
        "the killed member's job schedule to fire on the survivor");
  }

  /** Receipts per webhook-id at {@code path}. */
  private static Map<String, Integer> received(String path) {
    Map<String, Integer> out = new HashMap<>();
    for (Receiver.Received r : receiver.at(path)) {
      out.merge(r.header("webhook-id"), 1, Integer::sum);
    }
    return out;
  }

  record Resp(int status, String body) {
    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }
  }

  /** One member: a Liberty server of its own, on its own ports, on the shared PostgreSQL. */
  static final class Member {
    final String name;
    final int http;
    final int https;
    final int jms;
    final int jmsSsl;

    Member(String name, int http, int https, int jms, int jmsSsl) {
      this.name = name;
      this.http = http;
      this.https = https;
      this.jms = jms;
      this.jmsSsl = jmsSsl;
    }

    Path dir() {
      return Path.of(System.getProperty("it.wlpDir"), "usr", "servers", name);
    }

    String base() {
      return "http://127.0.0.1:" + http;
    }

    void configure() throws IOException {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("HTTP_PORT", String.valueOf(http));
      env.put("HTTPS_PORT", String.valueOf(https));
      env.put("JMS_PORT", String.valueOf(jms));
      env.put("JMS_SSL_PORT", String.valueOf(jmsSsl));
      env.put("WEBHOOKS_DB", "postgresql");
      env.put(
          "WEBHOOKS_DB_URL",
          "jdbc:postgresql://127.0.0.1:" + System.getProperty("it.pg.port") + "/webhooks_cluster");
      env.put("WEBHOOKS_DB_USER", "postgres");
      env.put("WEBHOOKS_DB_PASSWORD", "postgres");
      env.put("WEBHOOKS_SERVER_ID", name);
      env.put("WEBHOOKS_API_KEY", BOOTSTRAP);
      env.put("WEBHOOKS_SECRET_KEY", SECRET_KEY);
      env.put("WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true");
      env.put("WEBHOOKS_RETRY_TIME_SCALE", "0.01");
      env.put("WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT", "32");
      env.put("WEBHOOKS_INTUNED_MIN_INTERVAL", "PT1S"); // the test's schedule fires every 5 s
      StringBuilder text = new StringBuilder("# written by ClusterIT\n");
      env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Files.writeString(dir().resolve("server.env"), text);
    }

    /** The JMS sender application (ingest over JMS from an application in the same server). */
    void deployJmsSender() throws IOException {
      TestApps.write(
          dir().resolve("dropins").resolve("jms-sender.war"),
          JmsSenderApp.class,
          JmsSenderApp.Sender.class,
          JmsSenderApp.Failed.class);
    }

    void jms(String tenantId, String event) throws Exception {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base() + "/jms-sender/send?tenantId=" + tenantId))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(event))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
    }

    void command(String action) throws Exception {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("it.wlpDir"), "bin", "server").toString(),
                  action,
                  name)
              .inheritIO()
              .start();
      if (!p.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("server " + action + " " + name + " did not finish");
      }
    }

    void awaitReady() {
      boolean sender = Files.exists(dir().resolve("dropins").resolve("jms-sender.war"));
      Await.until(
          () -> {
            Resp r = tryCall("GET", null, "/health/ready", null);
            if (r == null || r.status != 200) {
              return false;
            }
            Resp j = sender ? tryCall("POST", null, "/jms-sender/send", null) : null;
            return !sender || (j != null && j.status != 404);
          },
          START,
          name + " to be ready");
    }

    /** kill -9: no shutdown hook, no orderly stop. Returns when the process is gone. */
    void kill() throws Exception {
      Path pidFile = dir().getParent().resolve(".pid").resolve(name + ".pid");
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
      assertTrue(process.destroyForcibly(), "killing " + name);
      process.onExit().get(60, TimeUnit.SECONDS);
    }

    Resp call(String method, String key, String path, String body, int expected) {
      Resp r = tryCall(method, key, path, body);
      assertTrue(r != null && r.status == expected, method + " " + path + " on " + name + ": " + r);
      return r;
    }

    /** The response, or null when the member does not answer (it was killed). */
    Resp tryCall(String method, String key, String path, String body) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base() + path))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      try {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.body());
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }
}
