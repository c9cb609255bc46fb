package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.schedule.Sweeper;
import dev.userwhisperer.core.testing.TestLinkTokens;
import dev.userwhisperer.gcp.BillableOperations.Counter;
import dev.userwhisperer.gcp.CostReport.Run;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The cost command (docs/cost.md, "Counted cost per million events"): the deployed functions' code,
 * in one function context on the Pub/Sub and Firestore emulators with BigQuery's insertAll stubbed,
 * driven as Google Cloud drives it (HTTP requests into ingest, then every message of every topic
 * pushed one by one to the function its topic triggers, as Eventarc does), for two traffic shapes.
 * Every billable operation is counted at the clients' boundary and the table of docs/cost.md
 * regenerated. Not part of the build: it runs only when {@code cost.label} is set, so no test
 * pattern rewrites the docs by accident. Run with
 *
 * <pre>./mvnw -B -ntp -o -pl functions/gcp -am test -Dtest=CostCount \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dcost.label=after</pre>
 */
@ExtendWith(GcpEmulators.class)
@EnabledIfSystemProperty(named = "cost.label", matches = ".+")
class CostCount {
  private static final Logger log = LoggerFactory.getLogger(CostCount.class);
  static final String PROJECT = "whisperer-cost";
  static final String APP = "app-cost";

  /** The stage the sweep's operations are counted under. */
  static final String SWEEP = "sweep";

  /**
   * The traffic of a run's second row: the sweep a week after the load, and what it sets off, per
   * event of the load (its users do not come back, so each gets the checks of a user gone quiet).
   */
  static final String QUIET_WEEK = ", then a quiet week: the sweep and what it sets off";

  private static final Path DOCS = Path.of("../../docs");

  /** The topics Eventarc pushes to a function, and the bean each triggers. */
  private static final Map<String, String> TRIGGERS = new LinkedHashMap<>();

  static {
    TRIGGERS.put(Topics.EVENTS, "analyze");
    TRIGGERS.put(Topics.SIGNALS, "decide");
    TRIGGERS.put(Topics.DECISIONS, "compose");
    for (String topic : Topics.ALL) {
      if (topic.startsWith("outbound.")) {
        TRIGGERS.put(topic, "deliver");
      }
    }
  }

  /** The targets of issue 26, $ per million events. */
  static final Map<String, Double> TARGETS =
      Map.of(Shape.SERVER_SIDE.label, 1.00, Shape.CLIENT_SDK.label, 0.50);

  /**
   * How traffic arrives: server-side, each request carries one event of each of 100 users;
   * client-SDK, each request carries 10-20 events of one user, as mobile SDKs batch.
   */
  enum Shape {
    SERVER_SIDE("server-side, 1 event per user per request"),
    CLIENT_SDK("client SDK, 10-20 events per user per request");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  private final PubSubEmulator pubSubEmulator;
  private final FirestoreEmulator firestoreEmulator;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  CostCount(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    this.pubSubEmulator = pubSub;
    this.firestoreEmulator = firestore;
  }

  @Test
  void countsTheBillableOperationsOfBothTrafficShapes() throws Exception {
    String label = System.getProperty("cost.label");
    int scale = Integer.getInteger("cost.scale", 1);
    PubSubClients pubSub = pubSubEmulator.clients();
    createTopics(pubSub);
    WireMockServer bigQuery = new WireMockServer(options().dynamicPort());
    bigQuery.stubFor(
        post(urlPathMatching(".*/insertAll"))
            .willReturn(okJson("{\"kind\":\"bigquery#tableDataInsertAllResponse\"}")));
    bigQuery.start();
    try {
      Map<String, String> environment =
          Map.of(
              "GOOGLE_CLOUD_PROJECT",
              PROJECT,
              "PUBSUB_EMULATOR_HOST",
              pubSubEmulator.hostPort(),
              "FIRESTORE_EMULATOR_HOST",
              firestoreEmulator.hostPort(),
              "BIGQUERY_HOST",
              bigQuery.baseUrl(),
              "WAREHOUSE_DATASET",
              "whisperer",
              LinkTokens.SECRET,
              TestLinkTokens.SETTING,
              MeteredClients.ENABLED,
              "true");
      environment.forEach(System::setProperty);
      if (PullWorkerCount.ENABLED) {
        PullWorkerCount.ENVIRONMENT.forEach(System::setProperty);
      }
      BillableOperations operations = FunctionContext.get().getBean(BillableOperations.class);
      bigQuery.addMockServiceRequestListener(
          (request, response) -> countInsertAll(operations, request.getBodyAsString()));
      String key = ApiKeys.generate(new Random(26));
      try (Firestore firestore = FirestoreClients.of(PROJECT, firestoreEmulator.hostPort())) {
        GcpAdapters.apiKeyStore(firestore)
            .save(
                new ApiKey(
                    ApiKeys.hash(key), APP, Set.of(ApiKey.EVENTS_WRITE), Instant.now(), null));
      }
      Driver driver = new Driver(pubSub, operations, key);
      driver.run(Shape.CLIENT_SDK, "warm", 20); // JIT and connections, not counted
      driver.sweepAfterAQuietWeek();
      List<Run> runs = new ArrayList<>();
      for (Shape shape : PullWorkerCount.ENABLED ? new Shape[0] : Shape.values()) {
        operations.reset();
        int requests = shape == Shape.SERVER_SIDE ? 10 * scale : 100 * scale;
        long events = driver.run(shape, label, requests);
        runs.add(new Run(label, shape.label, events, requests, operations.snapshot()));
        Map<Counter, Long> analyze = operations.snapshot().get("analyze");
        assertThat(analyze.get(Counter.INVOCATIONS))
            .as("one analyze invocation per user per request")
            .isEqualTo(driver.userBatches);
        assertThat(analyze.get(Counter.FIRESTORE_WRITES)).isPositive();
        operations.reset();
        driver.sweepAfterAQuietWeek();
        runs.add(new Run(label, shape.label + QUIET_WEEK, events, 0, operations.snapshot()));
      }
      if (PullWorkerCount.ENABLED) {
        runs.addAll(new PullWorkerCount(pubSub, operations).runs(driver, scale));
      }
      Path counts = DOCS.resolve("cost-counts.tsv");
      CostReport.write(counts, runs);
      CostReport.regenerate(
          DOCS.resolve("cost.md"),
          CostReport.render(CostReport.read(counts), PriceList.LIST, TARGETS));
    } finally {
      bigQuery.stop();
    }
  }

  /** insertAll's body: {@code rows[].json}, each billed at least 1 KB. */
  private static void countInsertAll(BillableOperations operations, String body) {
    JsonNode rows = Json.tree(body.getBytes(StandardCharsets.UTF_8)).path("rows");
    for (JsonNode row : rows) {
      long bytes = row.path("json").toString().getBytes(StandardCharsets.UTF_8).length;
      operations.add(Counter.STREAMED_ROWS, 1);
      operations.add(Counter.STREAMED_BYTES, bytes);
      operations.add(
          Counter.STREAMED_BILLED_BYTES,
          Math.max(PriceList.LIST.streamingInsertMinimumRowBytes(), bytes));
    }
  }

  private static void createTopics(PubSubClients clients) throws Exception {
    try (TopicAdminClient topics = TopicAdminClient.create(clients.topicAdminSettings());
        SubscriptionAdminClient subscriptions =
            SubscriptionAdminClient.create(clients.subscriptionAdminSettings())) {
      for (String topic : Topics.ALL) {
        topics.createTopic(TopicName.of(PROJECT, topic));
        topics.createTopic(TopicName.of(PROJECT, Topics.deadLetter(topic)));
        if (TRIGGERS.containsKey(topic)) {
          subscriptions.createSubscription(
              ProjectSubscriptionName.of(PROJECT, subscription(topic)),
              TopicName.of(PROJECT, topic),
              PushConfig.getDefaultInstance(),
              60);
        }
      }
    }
  }

  static String subscription(String topic) {
    return "eventarc-" + topic.replace('.', '-');
  }

  /**
   * CPU time of every thread of this JVM but the BigQuery stub's (Jetty's {@code qtp} pool), by
   * thread id.
   */
  private Map<Long, Long> cpuNanos() {
    Map<Long, Long> byThread = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && !info.getThreadName().startsWith("qtp")) {
        byThread.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
      }
    }
    return byThread;
  }

  /**
   * The CPU time the threads alive now spent since {@code before}: a thread that ended in between
   * (a pool's idle worker, a JIT compiler thread the JVM retired) takes its CPU time with it, which
   * a difference of sums would count as negative.
   */
  private long cpuNanosSince(Map<Long, Long> before) {
    long spent = 0;
    for (Map.Entry<Long, Long> now : cpuNanos().entrySet()) {
      spent += Math.max(0, now.getValue() - before.getOrDefault(now.getKey(), 0L));
    }
    return spent;
  }

  /** Sends a shape's requests to ingest, then pushes every message to its function until idle. */
  final class Driver {
    private static final String[] TYPES = {
      "page_viewed",
      "page_viewed",
      "page_viewed",
      "page_viewed",
      "page_viewed",
      "page_viewed",
      "page_viewed",
      "page_viewed",
      "feature_used",
      "feature_used",
      "feature_used",
      "feature_used",
      "feature_used",
      "session_started",
      "session_started",
      "session_started",
      "user_login",
      "onboarding_step_completed",
      "error_encountered",
      "payment_succeeded"
    };

    private final PubSubClients pubSub;
    private final BillableOperations operations;
    private final String key;
    private final HttpEntryPoint ingest = new HttpEntryPoint("ingest");
    private final Map<String, PubSubEntryPoint> functions = new HashMap<>();
    private final Random random = new Random(2026);
    long userBatches;

    /**
     * Set by {@link PullWorkerCount}: analyze runs as the pull worker, whose window closes here.
     */
    PullWorkerCount.Windows windows;

    Driver(PubSubClients pubSub, BillableOperations operations, String key) {
      this.pubSub = pubSub;
      this.operations = operations;
      this.key = key;
    }

    /**
     * @return the events accepted
     */
    long run(Shape shape, String runLabel, int requests) throws Exception {
      long accepted = 0;
      userBatches = 0;
      String prefix = runLabel + "-" + shape.name().toLowerCase(java.util.Locale.ROOT);
      int users = shape == Shape.SERVER_SIDE ? 100 : Math.max(1, requests / 2);
      Map<String, Integer> seen = new HashMap<>();
      for (int r = 0; r < requests; r++) {
        List<String> events = new ArrayList<>();
        if (shape == Shape.SERVER_SIDE) {
          for (int u = 0; u < users; u++) {
            events.add(event(prefix, "u" + u, seen));
          }
          userBatches += users;
        } else {
          String user = "u" + (r % users);
          int count = 10 + random.nextInt(11);
          for (int e = 0; e < count; e++) {
            events.add(event(prefix, user, seen));
          }
          userBatches++;
        }
        accepted += send("{\"batch\":[" + String.join(",", events) + "]}");
        if (windows != null) {
          windows.requestSent(r + 1, userBatches);
        }
      }
      drain();
      return accepted;
    }

    /**
     * The sweep as of eight days after the load, as one of Cloud Scheduler's calls would run it:
     * every check the load's visit left (onboarding, feature discovery, trial reminders, and the
     * inactivity check a week after the last activity, since the load's users do not come back),
     * then what their signals set off downstream.
     */
    void sweepAfterAQuietWeek() throws Exception {
      Sweeper sweeper = FunctionContext.get().getBean(Sweeper.class);
      invoke(SWEEP, () -> sweeper.run(Instant.now().plus(Duration.ofDays(8))));
      drain();
    }

    /** A ~220-byte event; a user's first events in a run are identify and, for some, signup. */
    private String event(String prefix, String user, Map<String, Integer> seen) {
      String userId = prefix + "-" + user;
      int n = seen.merge(userId, 1, Integer::sum);
      String messageId = userId + "-" + n;
      String at =
          Instant.now()
              .minusMillis(random.nextInt(60_000))
              .truncatedTo(ChronoUnit.MILLIS)
              .toString();
      String head =
          "{\"messageId\":\""
              + messageId
              + "\",\"userId\":\""
              + userId
              + "\",\"timestamp\":\""
              + at
              + "\",";
      if (n == 1) {
        return head
            + "\"type\":\"identify\",\"traits\":{\"email\":\""
            + userId
            + "@example.com\",\"timezone\":\"Europe/Berlin\",\"plan\":\"free\"}}";
      }
      if (n == 2 && user.hashCode() % 5 == 0) {
        return head
            + "\"type\":\"user_signup\",\"properties\":{\"source\":\"web\",\"campaign\":\"winter\"}}";
      }
      String type = TYPES[random.nextInt(TYPES.length)];
      String properties =
          switch (type) {
            case "page_viewed" ->
                "{\"path\":\"/projects/"
                    + random.nextInt(500)
                    + "/settings\",\"title\":\"Project settings\",\"referrer\":\"/dashboard\"}";
            case "feature_used" ->
                "{\"feature\":\"export\",\"format\":\"csv\",\"durationMs\":"
                    + random.nextInt(5000)
                    + "}";
            default -> "{\"source\":\"web\",\"appVersion\":\"4.12.0\"}";
          };
      return head + "\"type\":\"" + type + "\",\"properties\":" + properties + "}";
    }

    private long send(String body) throws Exception {
      FakeHttp.Response response = new FakeHttp.Response();
      invoke(
          "ingest",
          () ->
              ingest.service(
                  FakeHttp.request(
                      "POST",
                      "/v1/events",
                      Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                      body.getBytes(StandardCharsets.UTF_8)),
                  response));
      JsonNode answer = Json.tree(response.body.toByteArray());
      assertThat(response.status).as(response.bodyText()).isEqualTo(202);
      assertThat(answer.path("rejected").asInt()).as(response.bodyText()).isZero();
      return answer.path("accepted").asLong();
    }

    /** Pushes every message to its function, as Eventarc does, until every topic is empty. */
    private void drain() throws Exception {
      try (SubscriptionAdminClient admin =
          SubscriptionAdminClient.create(pubSub.subscriptionAdminSettings())) {
        int idlePasses = 0;
        while (idlePasses < 3) {
          boolean any = false;
          for (var trigger : TRIGGERS.entrySet()) {
            String name = ProjectSubscriptionName.format(PROJECT, subscription(trigger.getKey()));
            List<ReceivedMessage> received =
                admin
                    .pull(
                        PullRequest.newBuilder()
                            .setSubscription(name)
                            .setMaxMessages(200)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
            for (ReceivedMessage m : received) {
              any = true;
              if (windows != null && trigger.getKey().equals(Topics.EVENTS)) {
                // the pull worker analyzed it; the BigQuery subscription still lands it
                operations.add(
                    "events to BigQuery",
                    Counter.BIGQUERY_SUBSCRIPTION_BYTES,
                    PubSubMeter.size(m.getMessage()));
              } else {
                push(trigger.getKey(), trigger.getValue(), m.getMessage());
              }
            }
            if (!received.isEmpty()) {
              admin.acknowledge(name, received.stream().map(ReceivedMessage::getAckId).toList());
            }
          }
          if (any) {
            idlePasses = 0;
          } else {
            idlePasses++;
            Thread.sleep(200);
          }
        }
      }
    }

    private void push(String topic, String bean, PubsubMessage message) throws Exception {
      long size = PubSubMeter.size(message);
      operations.add(bean, Counter.DELIVERED_MESSAGES, 1);
      operations.add(
          bean, Counter.DELIVERED_BILLABLE_BYTES, Math.max(PubSubMeter.MINIMUM_PER_REQUEST, size));
      if (topic.equals(Topics.EVENTS)) {
        operations.add("events to BigQuery", Counter.BIGQUERY_SUBSCRIPTION_BYTES, size);
      }
      PubSubEntryPoint function = functions.computeIfAbsent(bean, PubSubEntryPoint::new);
      invoke(
          bean,
          () ->
              function.accept(
                  FunctionsFixture.eventarc(
                      topic,
                      message.getMessageId(),
                      message.getData().toByteArray(),
                      message.getAttributesMap(),
                      message.getOrderingKey())));
    }

    /** CPU time of this JVM's threads but the BigQuery stub's, by thread, in nanoseconds. */
    Map<Long, Long> cpu() {
      return cpuNanos();
    }

    /** The CPU time spent since {@code before} (from {@link #cpu}), in nanoseconds. */
    long cpuSince(Map<Long, Long> before) {
      return cpuNanosSince(before);
    }

    private void invoke(String stage, Invocation invocation) throws Exception {
      operations.stage(stage);
      Map<Long, Long> before = cpuNanos();
      try {
        invocation.run();
      } finally {
        operations.add(stage, Counter.INVOCATIONS, 1);
        operations.add(stage, Counter.CPU_NANOS, cpuNanosSince(before));
        operations.stage(BillableOperations.OTHER);
      }
      log.debug("invoked {}", stage);
    }
  }

  @FunctionalInterface
  private interface Invocation {
    void run() throws Exception;
  }
}
