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
 * The cost count's pull-worker mode ({@code -Dcost.pull-worker=true}, docs/cost.md, "The analyze
 * pull worker"): the server-side shape with analyze run by {@link EventsPullWorker} on the metered
 * clients instead of pushed to the function, once for each k of {@code -Dcost.k} (default 1,3,10),
 * the events of each user per merge window. The driver sends k requests (each with one event of
 * every user), then closes the worker's window, so each user's k batches are analyzed together; the
 * worker's CPU is what the JVM spends from then until every message is acknowledged.
 */
final class PullWorkerCount {
  static final boolean ENABLED = Boolean.getBoolean("cost.pull-worker");
  private static final String SUBSCRIPTION = "events-analyze-worker";

  private final PubSubClients pubSub;
  private final BillableOperations operations;

  PullWorkerCount(PubSubClients pubSub, BillableOperations operations) {
    this.pubSub = pubSub;
    this.operations = operations;
  }

  static String label(int k) {
    return "pull worker k=" + k;
  }

  List<Run> runs(CostCount.Driver driver, int scale) throws Exception {
    subscribe();
    ConfigurableApplicationContext context = FunctionContext.get();
    // windows are closed by the driver, never by the clock
    PullWorkerSettings settings =
        PullWorkerSettings.defaults(SUBSCRIPTION).withWindow(Duration.ofMinutes(10));
    List<Run> runs = new ArrayList<>();
    try (EventsPullWorker worker =
        new EventsPullWorker(
                context.getBean(PubSubClients.class), PubSubStage.of("analyze", context), settings)
            .start()) {
      for (int k : ks()) {
        operations.reset();
        Windows windows = new Windows(k, worker, driver, worker.stats().received());
        driver.windows = windows;
        int requests = k * (int) Math.ceil(10.0 * scale / k);
        long events = driver.run(Shape.SERVER_SIDE, "pull-k" + k, requests);
        Map<String, Map<Counter, Long>> counted = operations.snapshot();
        runs.add(new Run(label(k), Shape.SERVER_SIDE.label, events, requests, counted));
        assertThat(counted.get(BillableOperations.PULL_WORKER).get(Counter.FIRESTORE_WRITES))
            .as("the worker writes profiles")
            .isPositive();
        assertThat(counted).doesNotContainKey("analyze");
      }
    } finally {
      driver.windows = null;
    }
    return runs;
  }

  private static int[] ks() {
    return Arrays.stream(System.getProperty("cost.k", "1,3,10").split(","))
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
              .setDeadLetterPolicy(
                  DeadLetterPolicy.newBuilder()
                      .setDeadLetterTopic(
                          TopicName.format(CostCount.PROJECT, Topics.deadLetter(Topics.EVENTS)))
                      .setMaxDeliveryAttempts(10))
              .build());
    }
  }

  /** Closes the worker's window after every k requests, counting what it spends as its own. */
  final class Windows {
    private final int k;
    private final EventsPullWorker worker;
    private final CostCount.Driver driver;
    private final long receivedBefore;

    Windows(int k, EventsPullWorker worker, CostCount.Driver driver, long receivedBefore) {
      this.k = k;
      this.worker = worker;
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
      while (worker.stats().received() < expected) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the worker received " + worker.stats().received() + " of " + expected);
        }
        Thread.sleep(20);
      }
      operations.stage(BillableOperations.PULL_WORKER);
      long before = driver.cpu();
      worker.flush();
      operations.add(BillableOperations.PULL_WORKER, Counter.CPU_NANOS, driver.cpu() - before);
      operations.stage(BillableOperations.OTHER);
      assertThat(worker.stats().nacked()).as("nothing failed").isZero();
    }
  }
}
