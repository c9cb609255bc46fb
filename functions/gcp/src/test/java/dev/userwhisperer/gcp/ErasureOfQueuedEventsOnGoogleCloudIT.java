package dev.userwhisperer.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import dev.userwhisperer.core.ingest.ApiKeys;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.ApiKey;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A user erased while events of theirs are still in Pub/Sub, on the emulators, in the function
 * context the Cloud Functions and the analyze pull worker run in: the erasure goes through ingest's
 * {@code DELETE /v1/users/{userId}} (which records the tombstone in Firestore), then the queue is
 * delivered, to the Pub/Sub-triggered analyze function as Eventarc would, or to the pull worker.
 * The user gets no profile, no consent record, no warehouse row and no signal; another user's
 * events in the same queue are analyzed; an event accepted after the erasure starts a fresh
 * profile.
 */
@ExtendWith(GcpEmulators.class)
class ErasureOfQueuedEventsOnGoogleCloudIT {
  private static final String APP = "app-tombstones";
  private static final String QUERIES =
      "/bigquery/v2/projects/" + FunctionsFixture.PROJECT + "/queries";

  private final FunctionsFixture fixture;
  private final ConfigurableApplicationContext context;
  private final ProfileStore profiles;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  ErasureOfQueuedEventsOnGoogleCloudIT(PubSubEmulator pubSub, FirestoreEmulator firestore) {
    fixture = FunctionsFixture.start(pubSub, firestore);
    context = FunctionContext.get();
    profiles = GcpAdapters.profileStore(fixture.firestore);
    stubDmlDeletes();
  }

  @Test
  void queuedEventsOfAnErasedUserDeliveredToTheAnalyzeFunctionRecreateNothing() throws Exception {
    String subscription = subscribe("tombstones-function", false);
    erasedWhileQueued(
        "function",
        () -> {
          for (ReceivedMessage m : pullAll(subscription)) {
            new PubSubEntryPoint("analyze")
                .accept(
                    FunctionsFixture.eventarc(
                        Topics.EVENTS,
                        m.getMessage().getMessageId(),
                        m.getMessage().getData().toByteArray(),
                        m.getMessage().getAttributesMap(),
                        m.getMessage().getOrderingKey()));
          }
        });
  }

  @Test
  void queuedEventsOfAnErasedUserDeliveredToThePullWorkerRecreateNothing() throws Exception {
    String subscription = subscribe("tombstones-worker", true);
    erasedWhileQueued(
        "worker",
        () -> {
          try (EventsPullWorker worker =
              new EventsPullWorker(
                      context.getBean(PubSubClients.class),
                      PubSubStage.of("analyze", context),
                      new PullWorkerSettings(
                          subscription,
                          Duration.ofMillis(500),
                          Duration.ofMillis(500),
                          2,
                          1000,
                          10_000_000,
                          256,
                          Duration.ofSeconds(2),
                          Duration.ofSeconds(10)))
                  .start()) {
            await(() -> worker.stats().acked() >= 2, () -> "the queue acked: " + worker.stats());
            assertThat(worker.stats().nacked()).isZero();
          }
        });
  }

  /**
   * The erased user had a profile and consent; a request of theirs (identify with an address and
   * consent, then signup) and one of another user (signup) wait in a subscription while the user is
   * erased; {@code deliver} hands that queue to analyze.
   */
  private void erasedWhileQueued(String path, Delivery deliver) throws Exception {
    String erased = "queued-erased-" + path;
    String kept = "queued-kept-" + path;
    new PubSubEntryPoint("analyze")
        .accept(
            FunctionsFixture.eventarc(
                batch(
                    erased,
                    event("identify", erased, "before", now.minusSeconds(60))
                        .trait("email", erased + "@example.com")
                        .trait("consent", Map.of("email", true))),
                "m-" + erased + "-before"));
    assertThat(profiles.find(APP, erased)).as("the user before the erasure").isPresent();

    publish(
        batch(
            erased,
            event("identify", erased, "queued-1", now.minusSeconds(5))
                .trait("email", erased + "@example.com")
                .trait("consent", Map.of("email", true, "sms", true)),
            event("user_signup", erased, "queued-2", now.minusSeconds(5))),
        batch(kept, event("user_signup", kept, "queued-1", now.minusSeconds(5))));

    FakeHttp.Response receipt = erase(erased);
    assertThat(receipt.status).as(receipt.bodyText()).isEqualTo(200);
    assertThat(Json.tree(receipt.body.toByteArray()).path("total").asLong()).isPositive();
    int rowsAtErasure = warehouseRequestsNaming(erased);

    deliver.run();

    assertThat(profiles.find(APP, kept)).as("the other user's queued signup").isPresent();
    assertThat(profiles.find(APP, erased)).as("no profile recreated").isEmpty();
    assertThat(consentRecords(erased)).as("no consent record").isEmpty();
    assertThat(warehouseRequestsNaming(erased)).as("no warehouse row").isEqualTo(rowsAtErasure);
    List<PubsubMessage> signals = drain(Topics.SIGNALS);
    assertThat(signals).as("the other user's signup signal").anyMatch(m -> isFor(m, kept));
    assertThat(signals).as("no signal of the erased user").noneMatch(m -> isFor(m, erased));

    // an event accepted after the erasure is a returning user's: a fresh profile, without the old
    Instant after = Instant.now().plusSeconds(1);
    new PubSubEntryPoint("analyze")
        .accept(
            FunctionsFixture.eventarc(
                batch(erased, event("page_viewed", erased, "after", after)),
                "m-" + erased + "-after"));
    Profile fresh = profiles.find(APP, erased).orElseThrow();
    assertThat(fresh.recentMessageIds()).containsExactly(erased + "-after");
    assertThat(fresh.reachability().email()).isNull();
  }

  private static boolean isFor(PubsubMessage message, String user) {
    return FunctionsFixture.forKey(APP + "/" + user).test(message);
  }

  private FakeHttp.Response erase(String user) throws Exception {
    String eraser = ApiKeys.generate(new Random(user.hashCode()));
    GcpAdapters.apiKeyStore(fixture.firestore)
        .save(new ApiKey(ApiKeys.hash(eraser), APP, Set.of(ApiKey.USERS_DELETE), now, null));
    FakeHttp.Response response = new FakeHttp.Response();
    new HttpEntryPoint("ingest")
        .service(
            FakeHttp.request(
                "DELETE",
                "/v1/users/" + user,
                Map.of("Authorization", "Bearer " + eraser),
                new byte[0]),
            response);
    return response;
  }

  private List<?> consentRecords(String user) throws Exception {
    return fixture
        .firestore
        .collection("apps")
        .document(APP)
        .collection("users")
        .document(user)
        .collection(FirestoreConsentTrail.COLLECTION)
        .get()
        .get(10, TimeUnit.SECONDS)
        .getDocuments();
  }

  /** Requests to BigQuery's insertAll whose rows name {@code user}. */
  private int warehouseRequestsNaming(String user) {
    return fixture
        .bigQuery
        .findAll(
            postRequestedFor(urlPathMatching(".*/insertAll")).withRequestBody(containing(user)))
        .size();
  }

  private static TestEvents event(String type, String user, String id, Instant at) {
    return TestEvents.event(type).id(user + "-" + id).user(user).at(at);
  }

  private static UserEventBatch batch(String user, TestEvents... events) {
    return new UserEventBatch(
        UserEventBatch.VERSION,
        "b-" + events[0].build().messageId(),
        APP,
        user,
        Arrays.stream(events).map(TestEvents::build).toList());
  }

  private void publish(UserEventBatch... batches) {
    context.getBean(PubSubEventBus.class).publish(List.of(batches));
  }

  /** A pull subscription of {@code events}, before anything is published to it. */
  private String subscribe(String name, boolean ordered) throws Exception {
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(fixture.pubSub.subscriptionAdminSettings())) {
      admin.createSubscription(
          Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(FunctionsFixture.PROJECT, name))
              .setTopic(TopicName.format(FunctionsFixture.PROJECT, Topics.EVENTS))
              .setAckDeadlineSeconds(60)
              .setEnableMessageOrdering(ordered)
              .build());
    }
    return name;
  }

  /** Every message waiting in {@code subscription}, acknowledged. */
  @SuppressWarnings("deprecation")
  private List<ReceivedMessage> pullAll(String subscription) {
    String name = ProjectSubscriptionName.format(FunctionsFixture.PROJECT, subscription);
    List<ReceivedMessage> all = new ArrayList<>();
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(fixture.pubSub.subscriptionAdminSettings())) {
      for (int empty = 0; empty < 3; ) {
        List<ReceivedMessage> pulled =
            admin
                .pull(
                    PullRequest.newBuilder()
                        .setSubscription(name)
                        .setMaxMessages(100)
                        .setReturnImmediately(true) // deprecated, but the emulator waits otherwise
                        .build())
                .getReceivedMessagesList();
        if (pulled.isEmpty()) {
          empty++;
          Thread.sleep(200);
          continue;
        }
        pulled.forEach(m -> admin.acknowledge(name, List.of(m.getAckId())));
        all.addAll(pulled);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return all;
  }

  /** Every message waiting on the test subscription of {@code topic}. */
  private List<PubsubMessage> drain(String topic) {
    return pullAll(FunctionsFixture.subscription(topic)).stream()
        .map(ReceivedMessage::getMessage)
        .toList();
  }

  /** BigQuery's answers to the erasure's DML deletes of these users' rows: none to delete. */
  private void stubDmlDeletes() {
    String job =
        "\"jobReference\": {\"projectId\": \""
            + FunctionsFixture.PROJECT
            + "\", \"jobId\": \"job-erase-queued\", \"location\": \"EU\"}";
    fixture.bigQuery.stubFor(
        post(urlPathEqualTo(QUERIES))
            .atPriority(3)
            .withRequestBody(matchingJsonPath("$.query", containing("DELETE FROM")))
            .withRequestBody(
                matchingJsonPath(
                    "$.queryParameters[?(@.name == 'user_id')].parameterValue.value",
                    containing("queued-erased")))
            .willReturn(
                okJson(
                    "{\"kind\": \"bigquery#queryResponse\", "
                        + job
                        + ", \"jobComplete\": true, \"numDmlAffectedRows\": \"0\"}")));
    fixture.bigQuery.stubFor(
        get(urlPathMatching(".*/jobs/job-erase-queued.*"))
            .willReturn(
                okJson(
                    "{\"kind\": \"bigquery#job\", \"id\": \"x\", "
                        + job
                        + ", \"configuration\": {\"query\": {\"query\": \"DELETE\"}},"
                        + " \"status\": {\"state\": \"DONE\"}, \"statistics\":"
                        + " {\"creationTime\": \"1\", \"startTime\": \"2\", \"endTime\":"
                        + " \"3\", \"query\": {\"statementType\": \"DELETE\","
                        + " \"numDmlAffectedRows\": \"0\"}}}")));
    fixture.bigQuery.stubFor(
        get(urlPathEqualTo(QUERIES + "/job-erase-queued"))
            .willReturn(
                okJson(
                    "{\"kind\": \"bigquery#getQueryResultsResponse\", "
                        + job
                        + ", \"jobComplete\": true, \"totalRows\": \"0\","
                        + " \"numDmlAffectedRows\": \"0\"}")));
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

  /** Hands the queue to analyze. */
  @FunctionalInterface
  private interface Delivery {
    void run() throws Exception;
  }
}
