package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import com.sun.net.httpserver.HttpServer;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.TestEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The analyze pull worker on the Pub/Sub and Firestore emulators, in the function context the Cloud
 * Functions run in: a user's batches merged into one profile write, a redelivery after a crash that
 * changes nothing, a poison message dead-lettered by the subscription's policy.
 */
@ExtendWith(GcpEmulators.class)
class EventsPullWorkerIT {
  private static final String APP = "app-worker";
  private static final int MAX_DELIVERY_ATTEMPTS = 5;

  private final FunctionsFixture fixture;
  private final ConfigurableApplicationContext context;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  EventsPullWorkerIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    fixture = FunctionsFixture.start(pubSub, firestore);
    context = FunctionContext.get();
  }

  @Test
  void aUsersBatchesFromSeveralMessagesWithinTheWindowBecomeOneProfileWrite() throws Exception {
    String subscription = subscribe("worker-merge", 60);
    publish(
        batch("merged", "m1", event("identify", "merged", 0).trait("email", "m@example.com")),
        batch("merged", "m2", event("page_viewed", "merged", 1)),
        batch("merged", "m3", event("payment_failed", "merged", 2)),
        batch("other", "o1", event("page_viewed", "other", 0)));

    try (EventsPullWorker worker = worker(subscription, Duration.ofSeconds(2)).start()) {
      await(() -> worker.stats().acked() == 4, "all four messages acknowledged");
      assertThat(worker.stats().nacked()).isZero();
    }

    DocumentSnapshot document = profileDocument("merged");
    assertThat(document.getUpdateTime())
        .as("written once: the three messages were analyzed as one batch")
        .isEqualTo(document.getCreateTime());
    Profile profile = GcpAdapters.profileStore(fixture.firestore).find(APP, "merged").orElseThrow();
    assertThat(profile.recentMessageIds()).containsExactly("merged-e0", "merged-e1", "merged-e2");
    Signal signal =
        Json.decode(
            fixture
                .awaitMessage(Topics.SIGNALS, FunctionsFixture.forKey(APP + "/merged"))
                .getData()
                .toByteArray(),
            Signal.class);
    assertThat(signal.type()).isEqualTo(SignalType.PAYMENT_FAILED);
  }

  @Test
  void aVisitWhoseBatchesComeCloserThanTheQuietTimeIsOneProfileWriteAndAQuietUserIsAnalyzedAlone()
      throws Exception {
    String subscription = subscribe("worker-session", 60);
    // quiet time 3 s, held at most 10 s: a fixed 3 s window would cut this 4 s visit in two
    try (EventsPullWorker worker =
        new EventsPullWorker(
                context.getBean(PubSubClients.class),
                PubSubStage.of("analyze", context),
                settings(subscription, Duration.ofSeconds(3), Duration.ofSeconds(10)))
            .start()) {
      publish(batch("visitor", "v1", event("page_viewed", "visitor", 0)));
      publish(batch("passer", "p1", event("page_viewed", "passer", 0)));
      for (int i = 1; i <= 4; i++) {
        Thread.sleep(1000);
        assertThat(worker.stats().acked())
            .as("nothing analyzed while the visitor keeps sending, %d s in", i)
            .isLessThanOrEqualTo(1);
        publish(batch("visitor", "v" + (i + 1), event("page_viewed", "visitor", i)));
      }
      assertThat(worker.stats().acked()).as("the passer, quiet for 3 s, analyzed alone").isOne();
      await(() -> worker.stats().acked() == 6, "the visit analyzed once the visitor went quiet");
    }
    DocumentSnapshot visitor = profileDocument("visitor");
    assertThat(visitor.getUpdateTime())
        .as("the visit's five batches written once")
        .isEqualTo(visitor.getCreateTime());
    assertThat(
            GcpAdapters.profileStore(fixture.firestore)
                .find(APP, "visitor")
                .orElseThrow()
                .recentMessageIds())
        .hasSize(5);
  }

  @Test
  void eventsKeyedByUserReachOneOfTwoInstancesOnAnOrderedSubscriptionSoEachUserIsWrittenOnce()
      throws Exception {
    String subscription = subscribe("worker-routed", 60, true);
    int users = 20;
    int requests = 3;
    // windows closed here, once every batch is in, so that only routing can split a user's batches
    try (PubSubEventBus keyed =
            new PubSubEventBus(
                context.getBean(PubSubClients.class), PubSubEventBus.Ordering.EVENTS_BY_USER);
        EventsPullWorker first = worker(subscription, Duration.ofMinutes(10)).start();
        EventsPullWorker second = worker(subscription, Duration.ofMinutes(10)).start()) {
      // both streams open before the keys are handed out: a key given to the first and moved to
      // the second when it connects would wait until its messages held on the first are acked
      Thread.sleep(3000);
      for (int r = 0; r < requests; r++) {
        List<UserEventBatch> request = new ArrayList<>();
        for (int u = 0; u < users; u++) {
          String user = "routed-" + u;
          request.add(batch(user, user + "-b" + r, event("page_viewed", user, r)));
        }
        keyed.publish(request); // one ingest request: one event of each user
      }
      await(
          () -> first.stats().received() + second.stats().received() == users * requests,
          () ->
              "every batch received by one of the instances: "
                  + first.stats()
                  + ", "
                  + second.stats());
      assertThat(first.stats().received()).as("the first instance's share").isPositive();
      assertThat(second.stats().received()).as("the second instance's share").isPositive();
      first.flush();
      second.flush();
      assertThat(first.stats().acked() + second.stats().acked()).isEqualTo(users * requests);
    }
    for (int u = 0; u < users; u++) {
      DocumentSnapshot document = profileDocument("routed-" + u);
      assertThat(document.getUpdateTime())
          .as("routed-%d's three batches merged on one instance: written once", u)
          .isEqualTo(document.getCreateTime());
    }
  }

  @Test
  void stoppingAnalyzesAndAcknowledgesWhatTheWindowHoldsAndHealthSaysSo() throws Exception {
    String subscription = subscribe("worker-stop", 60);
    publish(
        batch("stopped", "s1", event("identify", "stopped", 0).trait("email", "s@example.com")),
        batch("stopped", "s2", event("page_viewed", "stopped", 1)));
    EventsPullWorker worker = worker(subscription, Duration.ofMinutes(10)).start();
    HttpServer health = AnalyzeWorker.health(0, worker);
    try {
      await(() -> worker.stats().held() == 2, "both messages held in the window");
      assertThat(healthz(health)).startsWith("200 {\"pulling\":true,\"received\":2,");

      worker.close(); // what SIGTERM runs
      assertThat(worker.stats().acked()).isEqualTo(2);
      assertThat(healthz(health)).startsWith("503 {\"pulling\":false");
    } finally {
      health.stop(0);
    }
    assertThat(
            GcpAdapters.profileStore(fixture.firestore)
                .find(APP, "stopped")
                .orElseThrow()
                .recentMessageIds())
        .containsExactly("stopped-e0", "stopped-e1");
    try (EventsPullWorker next = worker(subscription, Duration.ofMillis(200)).start()) {
      Thread.sleep(3000);
      assertThat(next.stats().received()).as("nothing redelivered").isZero();
    }
  }

  private static String healthz(HttpServer server) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  @Test
  void aRedeliveryAfterACrashBeforeTheAckChangesNothing() throws Exception {
    String subscription = subscribe("worker-crash", 10);
    publish(
        batch("crashed", "c1", event("identify", "crashed", 0).trait("email", "c@example.com")),
        batch("crashed", "c2", event("feature_used", "crashed", 1).prop("feature", "export")));

    // every time, the process dies after the profile commit and before its acknowledgements reach
    // Pub/Sub: the messages stay unacknowledged, and Pub/Sub delivers them again once their
    // deadline passes (window + lease extension, 10.5 s here)
    EventsPullWorker crashing =
        new EventsPullWorker(
            context.getBean(PubSubClients.class),
            PubSubStage.of("analyze", context),
            settings(subscription, Duration.ofMillis(500)),
            reply -> new LostAcknowledgement(reply));
    try {
      crashing.start();
      await(() -> crashing.stats().acked() == 2, "both messages analyzed");
      DocumentSnapshot before = profileDocument("crashed");
      Profile analyzed =
          GcpAdapters.profileStore(fixture.firestore).find(APP, "crashed").orElseThrow();

      await(
          () -> crashing.stats().received() >= 4 && crashing.stats().acked() >= 4,
          "both messages redelivered and analyzed again");

      DocumentSnapshot after = profileDocument("crashed");
      assertThat(after.getUpdateTime())
          .as("the redelivery wrote nothing")
          .isEqualTo(before.getUpdateTime());
      assertThat(GcpAdapters.profileStore(fixture.firestore).find(APP, "crashed"))
          .contains(analyzed);
      assertThat(analyzed.recentMessageIds()).containsExactly("crashed-e0", "crashed-e1");
    } finally {
      crashing.close();
    }
  }

  @Test
  void aPoisonMessageGoesToTheDeadLetterTopicAfterThePolicysAttemptsAndSparesOtherUsers()
      throws Exception {
    // the warehouse refuses the poisoned user's profile snapshot as invalid, on every attempt
    fixture.bigQuery.stubFor(
        post(urlPathMatching(".*/tables/profile_snapshots/insertAll"))
            .atPriority(1)
            .withRequestBody(containing("poison-pill"))
            .willReturn(
                okJson(
                    "{\"kind\":\"bigquery#tableDataInsertAllResponse\",\"insertErrors\":[{\"index\":0,"
                        + "\"errors\":[{\"reason\":\"invalid\",\"message\":\"no such field\"}]}]}")));
    String subscription = subscribe("worker-poison", 10);
    UserEventBatch poison =
        batch(
            "poisoned", "p1", event("feature_used", "poisoned", 0).prop("feature", "poison-pill"));
    publish(poison, batch("healthy", "h1", event("page_viewed", "healthy", 0)));

    EventsPullWorker worker = worker(subscription, Duration.ofMillis(300)).start();
    PubsubMessage deadLetter;
    try {
      deadLetter =
          fixture.awaitMessage(
              Topics.deadLetter(Topics.EVENTS), FunctionsFixture.forKey(APP + "/poisoned"));
      assertThat(worker.stats().acked()).as("the other user's message").isEqualTo(1);
      assertThat(worker.stats().nacked())
          .as("every delivery of the poison failed")
          .isEqualTo(MAX_DELIVERY_ATTEMPTS);
    } finally {
      worker.close();
    }
    assertThat(Json.decode(deadLetter.getData().toByteArray(), UserEventBatch.class).batchId())
        .isEqualTo(poison.batchId());
    assertThat(GcpAdapters.profileStore(fixture.firestore).find(APP, "healthy")).isPresent();
  }

  private EventsPullWorker worker(String subscription, Duration window) {
    return new EventsPullWorker(
        context.getBean(PubSubClients.class),
        PubSubStage.of("analyze", context),
        settings(subscription, window));
  }

  private static PullWorkerSettings settings(String subscription, Duration window) {
    return settings(subscription, window, window);
  }

  private static PullWorkerSettings settings(
      String subscription, Duration window, Duration maxHold) {
    return new PullWorkerSettings(
        subscription,
        window,
        maxHold,
        4,
        1000,
        10_000_000,
        256,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }

  /** A pull subscription of {@code events} with the dead-letter policy Terraform sets. */
  private String subscribe(String name, int ackDeadlineSeconds) throws Exception {
    return subscribe(name, ackDeadlineSeconds, false);
  }

  /** Ordered, as Terraform creates the worker's subscription: a user's batches go to one client. */
  private String subscribe(String name, int ackDeadlineSeconds, boolean ordered) throws Exception {
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(fixture.pubSub.subscriptionAdminSettings())) {
      admin.createSubscription(
          Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(FunctionsFixture.PROJECT, name))
              .setTopic(TopicName.format(FunctionsFixture.PROJECT, Topics.EVENTS))
              .setAckDeadlineSeconds(ackDeadlineSeconds)
              .setEnableMessageOrdering(ordered)
              .setDeadLetterPolicy(
                  DeadLetterPolicy.newBuilder()
                      .setDeadLetterTopic(
                          TopicName.format(
                              FunctionsFixture.PROJECT, Topics.deadLetter(Topics.EVENTS)))
                      .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS))
              .build());
    }
    return name;
  }

  private void publish(UserEventBatch... batches) {
    EventBus bus = context.getBean(PubSubEventBus.class);
    for (UserEventBatch batch : batches) {
      bus.publish(List.of(batch)); // one message each, as ingest's separate requests would
    }
  }

  private TestEvents event(String type, String user, int n) {
    return TestEvents.event(type).id(user + "-e" + n).user(user).at(now.plusSeconds(n));
  }

  private static UserEventBatch batch(String user, String batchId, TestEvents event) {
    Event built = event.build();
    return new UserEventBatch(UserEventBatch.VERSION, batchId, APP, user, List.of(built));
  }

  private DocumentSnapshot profileDocument(String user) throws Exception {
    return fixture
        .firestore
        .collection("apps")
        .document(APP)
        .collection("users")
        .document(user)
        .get()
        .get(10, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, () -> what);
  }

  private static void await(BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what.get());
      }
      Thread.sleep(50);
    }
  }

  /** Acknowledgements that never reach Pub/Sub: the process died before sending them. */
  private record LostAcknowledgement(AckReplyConsumer reply) implements AckReplyConsumer {
    @Override
    public void ack() {}

    @Override
    public void nack() {
      reply.nack();
    }
  }
}
