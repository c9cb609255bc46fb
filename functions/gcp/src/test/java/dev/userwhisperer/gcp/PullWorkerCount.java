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
import java.util.function.BooleanSupplier;
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
 *
 * <p>Then one visit closed by the worker itself ({@link #sessionLabel}): fresh instances with a
 * quiet time of {@code -Dcost.quiet} (default 5 s, the 60 s default scaled to the driver's pace),
 * ten requests sent back to back, each with one event of every user, and nothing flushed: each
 * user's window closes once the user has been quiet, as deployed.
 */
final class PullWorkerCount {
  static final boolean ENABLED = Boolean.getBoolean("cost.pull-worker");
  static final int INSTANCES = 2;

  /** What Terraform sets on ingest and the worker, as the count's context is started with. */
  static final Map<String, String> ENVIRONMENT =
      Map.of(GcpPlatform.EVENTS_ORDERING_KEYS, "true", FirestoreStores.PROFILE_CACHE, "50000");

  private static final String SUBSCRIPTION = "events-analyze-worker";

  /**
   * The visit's own subscription: on the emulator, a key stays with the closed instances of the
   * runs before, and fresh clients on their subscription receive nothing.
   */
  private static final String SESSION_SUBSCRIPTION = "events-analyze-worker-sessions";

  private final PubSubClients pubSub;
  private final BillableOperations operations;

  PullWorkerCount(PubSubClients pubSub, BillableOperations operations) {
    this.pubSub = pubSub;
    this.operations = operations;
  }

  static String label(int k) {
    return "routed worker k=" + k;
  }

  static String sessionLabel(int requests) {
    return "routed worker, a visit of " + requests + " closed by the quiet time";
  }

  List<Run> runs(CostCount.Driver driver, int scale) throws Exception {
    subscribe(SUBSCRIPTION);
    ConfigurableApplicationContext context = FunctionContext.get();
    // windows are closed by the driver, never by the clock
    PullWorkerSettings settings =
        PullWorkerSettings.defaults(SUBSCRIPTION).withWindow(Duration.ofMinutes(10));
    List<Run> runs = new ArrayList<>();
    try (Instances workers = new Instances(context, settings)) {
      for (int k : ks()) {
        int requests = k * (int) Math.ceil(10.0 * scale / k);
        runs.add(count(driver, workers, k, requests, label(k), "routed-k" + k, false));
      }
    }
    Duration quiet = Duration.ofMillis(Long.getLong("cost.quiet", 5000));
    subscribe(SESSION_SUBSCRIPTION);
    PullWorkerSettings sessions =
        new PullWorkerSettings(
            SESSION_SUBSCRIPTION,
            quiet,
            Duration.ofMinutes(10),
            settings.parallelism(),
            settings.maxOutstandingMessages(),
            settings.maxOutstandingBytes(),
            settings.maxEventsPerUser(),
            settings.shutdownTimeout(),
            settings.leaseExtension());
    try (Instances workers = new Instances(context, sessions)) {
      int requests = 10 * scale;
      runs.add(count(driver, workers, requests, requests, sessionLabel(requests), "visit", true));
    }
    return runs;
  }

  private Run count(
      CostCount.Driver driver,
      Instances instances,
      int k,
      int requests,
      String label,
      String prefix,
      boolean closedByQuietTime)
      throws Exception {
    List<EventsPullWorker> workers = instances.workers;
    operations.reset();
    long[] before = workers.stream().mapToLong(w -> w.stats().received()).toArray();
    driver.windows = new Windows(k, workers, driver, closedByQuietTime);
    long events;
    try {
      events = driver.run(Shape.SERVER_SIDE, prefix, requests);
    } finally {
      driver.windows = null;
    }
    Map<String, Map<Counter, Long>> counted = operations.snapshot();
    assertThat(counted.get(BillableOperations.PULL_WORKER).get(Counter.FIRESTORE_WRITES))
        .as("the worker writes profiles")
        .isPositive();
    assertThat(counted).doesNotContainKey("analyze");
    for (int i = 0; i < workers.size(); i++) {
      assertThat(workers.get(i).stats().received())
          .as("instance %d's share of the users", i)
          .isGreaterThan(before[i]);
    }
    return new Run(label, Shape.SERVER_SIDE.label, events, requests, counted);
  }

  /** The worker instances of a run, each streaming before the keys are handed out. */
  private static final class Instances implements AutoCloseable {
    final List<EventsPullWorker> workers = new ArrayList<>();

    Instances(ConfigurableApplicationContext context, PullWorkerSettings settings)
        throws InterruptedException {
      int instances = Integer.getInteger("cost.instances", INSTANCES);
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
    }

    @Override
    public void close() {
      workers.forEach(EventsPullWorker::close);
    }
  }

  private static long received(List<EventsPullWorker> workers) {
    return workers.stream().mapToLong(w -> w.stats().received()).sum();
  }

  private static long acked(List<EventsPullWorker> workers) {
    return workers.stream().mapToLong(w -> w.stats().acked()).sum();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 120 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static int[] ks() {
    return Arrays.stream(System.getProperty("cost.k", "1,2,3,5,10").split(","))
        .map(String::strip)
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private void subscribe(String subscription) throws Exception {
    try (SubscriptionAdminClient admin =
        SubscriptionAdminClient.create(pubSub.subscriptionAdminSettings())) {
      admin.createSubscription(
          Subscription.newBuilder()
              .setName(ProjectSubscriptionName.format(CostCount.PROJECT, subscription))
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

  /**
   * Closes the instances' windows after every k requests, or lets their quiet time close them,
   * counting what they spend as theirs.
   */
  final class Windows {
    private final int k;
    private final List<EventsPullWorker> workers;
    private final CostCount.Driver driver;
    private final boolean closedByQuietTime;
    private final long receivedBefore;
    private final long ackedBefore;

    Windows(
        int k, List<EventsPullWorker> workers, CostCount.Driver driver, boolean closedByQuietTime) {
      this.k = k;
      this.workers = workers;
      this.driver = driver;
      this.closedByQuietTime = closedByQuietTime;
      this.receivedBefore = received(workers);
      this.ackedBefore = acked(workers);
    }

    /**
     * @param requests the requests sent so far in this run
     * @param userBatches the user batches they published
     */
    void requestSent(int requests, long userBatches) throws InterruptedException {
      if (requests % k != 0) {
        if (closedByQuietTime) {
          assertThat(acked(workers))
              .as("no window closed while its user kept sending (a quiet time too short here)")
              .isEqualTo(ackedBefore);
        }
        return;
      }
      long expected = receivedBefore + userBatches;
      await(() -> received(workers) >= expected, "the workers received every batch");
      operations.stage(BillableOperations.PULL_WORKER);
      Map<Long, Long> before = driver.cpu();
      if (closedByQuietTime) {
        await(
            () -> acked(workers) >= ackedBefore + userBatches,
            "every window closed by the quiet time");
      } else {
        workers.forEach(EventsPullWorker::flush);
      }
      operations.add(BillableOperations.PULL_WORKER, Counter.CPU_NANOS, driver.cpuSince(before));
      operations.stage(BillableOperations.OTHER);
      for (EventsPullWorker worker : workers) {
        assertThat(worker.stats().nacked()).as("nothing failed").isZero();
      }
    }
  }
}
