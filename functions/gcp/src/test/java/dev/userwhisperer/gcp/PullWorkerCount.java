package dev.userwhisperer.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import dev.userwhisperer.core.message.Topics;
import dev.userwhisperer.gcp.BillableOperations.Counter;
import dev.userwhisperer.gcp.CostCount.Shape;
import dev.userwhisperer.gcp.CostReport.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cost count's pull-worker mode ({@code -Dcost.pull-worker=true}, docs/cost.md, "Routing a
 * user's events to one worker"): the server-side shape with analyze run by {@value #INSTANCES} (or
 * {@code -Dcost.instances}) instances of {@link EventsPullWorker} on one ordered subscription, with
 * ingest keying {@code events} by user and the instances caching profiles, as Terraform deploys
 * them. Once for each k of {@code -Dcost.k} (default 1,2,3,5,10), the events of each user per merge
 * window: the driver sends k requests (each with one event of every user), then closes every
 * instance's window, and so on for {@code -Dcost.windows} windows (default {@value #WINDOWS}, a
 * user's active spell of two minutes at the default 30 s window). The worker's CPU is what the JVM
 * spends from each window's close until every message is acknowledged.
 */
final class PullWorkerCount {
  static final boolean ENABLED = Boolean.getBoolean("cost.pull-worker");
  static final int INSTANCES = 2;

  /** What Terraform sets on ingest and the worker, as the count's context is started with. */
  static final Map<String, String> ENVIRONMENT =
      Map.of(GcpPlatform.EVENTS_ORDERING_KEYS, "true", FirestoreStores.PROFILE_CACHE, "50000");

  private static final String SUBSCRIPTION = "events-analyze-worker";

  private final PubSubClients pubSub;
  private final BillableOperations operations;

  PullWorkerCount(PubSubClients pubSub, BillableOperations operations) {
    this.pubSub = pubSub;
    this.operations = operations;
  }

  static String label(int k) {
    return "routed worker k=" + k;
  }

  List<Run> runs(CostCount.Driver driver, int scale) throws Exception {
    subscribe();
    ConfigurableApplicationContext context = FunctionContext.get();
    // windows are closed by the driver, never by the clock
    PullWorkerSettings settings =
        PullWorkerSettings.defaults(SUBSCRIPTION).withWindow(Duration.ofMinutes(10));
    int instances = Integer.getInteger("cost.instances", INSTANCES);
    List<EventsPullWorker> workers = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        workers.add(
            new EventsPullWorker(
                    context.getBean(PubSubClients.class),
                    PubSubStage.of("analyze", context),
                    settings)
                .start());
      }
      // every stream open before the keys are handed out (a key that moves to a client connecting
      // later waits until its held messages are acknowledged)
      Thread.sleep(3000);
      for (int k : ks()) {
        operations.reset();
        long[] before = workers.stream().mapToLong(w -> w.stats().received()).toArray();
        driver.windows = new Windows(k, workers, driver, received(workers));
        int requests = k * (int) Math.ceil(10.0 * scale / k);
        long events = driver.run(Shape.SERVER_SIDE, "routed-k" + k, requests);
        Map<String, Map<Counter, Long>> counted = operations.snapshot();
        runs.add(new Run(label(k), Shape.SERVER_SIDE.label, events, requests, counted));
        assertThat(counted.get(BillableOperations.PULL_WORKER).get(Counter.FIRESTORE_WRITES))
            .as("the worker writes profiles")
            .isPositive();
        assertThat(counted).doesNotContainKey("analyze");
        for (int i = 0; i < instances; i++) {
          assertThat(workers.get(i).stats().received())
              .as("instance %d's share of the users", i)
              .isGreaterThan(before[i]);
        }
      }
    } finally {
      driver.windows = null;
      workers.forEach(EventsPullWorker::close);
    }
    return runs;
  }

  private static long received(List<EventsPullWorker> workers) {
    return workers.stream().mapToLong(w -> w.stats().received()).sum();
  }

  private static int[] ks() {
    return Arrays.stream(System.getProperty("cost.k", "1,2,3,5,10").split(","))
        .map(String::strip)
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private void subscribe() throws Exception {
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(pubSub.subscriptionAdminSettings())) {
      admin.createSubscription(
          Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(CostCount.PROJECT, SUBSCRIPTION))
              .setTopic(TopicName.format(CostCount.PROJECT, Topics.EVENTS))
              .setAckDeadlineSeconds(60)
              .setEnableMessageOrdering(true)
              .setDeadLetterPolicy(
                  DeadLetterPolicy.newBuilder()
                      .setDeadLetterTopic(
                          TopicName.format(CostCount.PROJECT, Topics.deadLetter(Topics.EVENTS)))
                      .setMaxDeliveryAttempts(10))
              .build());
    }
  }

  /** Closes the instances' windows after every k requests, counting what they spend as theirs. */
  final class Windows {
    private final int k;
    private final List<EventsPullWorker> workers;
    private final CostCount.Driver driver;
    private final long receivedBefore;

    Windows(int k, List<EventsPullWorker> workers, CostCount.Driver driver, long receivedBefore) {
      this.k = k;
      this.workers = workers;
      this.driver = driver;
      this.receivedBefore = receivedBefore;
    }

    /**
     * @param requests the requests sent so far in this run
     * @param userBatches the user batches they published
     */
    void requestSent(int requests, long userBatches) throws InterruptedException {
      if (requests % k != 0) {
        return;
      }
      long expected = receivedBefore + userBatches;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (received(workers) < expected) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the workers received " + received(workers) + " of " + expected);
        }
        Thread.sleep(20);
      }
      operations.stage(BillableOperations.PULL_WORKER);
      Map<Long, Long> before = driver.cpu();
      workers.forEach(EventsPullWorker::flush);
      operations.add(BillableOperations.PULL_WORKER, Counter.CPU_NANOS, driver.cpuSince(before));
      operations.stage(BillableOperations.OTHER);
      for (EventsPullWorker worker : workers) {
        assertThat(worker.stats().nacked()).as("nothing failed").isZero();
      }
    }
  }
}
