package dev.userwhisperer.core;

import static dev.userwhisperer.core.testing.TestEvents.batch;
import static dev.userwhisperer.core.testing.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.analyze.AnalyzePolicy;
import dev.userwhisperer.core.analyze.Analyzer;
import dev.userwhisperer.core.analyze.LifecycleRules;
import dev.userwhisperer.core.analyze.LifecycleThresholds;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.decide.Decider;
import dev.userwhisperer.core.decide.DecisionPolicy;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.decide.PriorUpliftModel;
import dev.userwhisperer.core.deliver.Deliverer;
import dev.userwhisperer.core.feedback.FeedbackKind;
import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackService;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.DecisionReason;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.SignalType;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.schedule.Sweeper;
import dev.userwhisperer.core.testing.Composers;
import dev.userwhisperer.core.testing.InMemoryAppConfigStore;
import dev.userwhisperer.core.testing.InMemoryArmStatistics;
import dev.userwhisperer.core.testing.InMemoryDecisionLog;
import dev.userwhisperer.core.testing.InMemoryDeliveryLedger;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryProfileStore;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stages chained by hand, as the bus chains them: their records fit and the loop closes. */
class PipelineFlowTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final MutableClock clock = new MutableClock(T);
  private final InMemoryProfileStore profiles = new InMemoryProfileStore();
  private final InMemoryWarehouse warehouse = new InMemoryWarehouse();
  private final InMemoryDecisionLog decisions = new InMemoryDecisionLog();
  private final InMemoryArmStatistics arms = new InMemoryArmStatistics();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final RecordingChannelSender sender = new RecordingChannelSender(clock);
  private final LifecycleRules rules = new LifecycleRules(LifecycleThresholds.DEFAULTS);

  private final Analyzer analyze =
      new Analyzer(profiles, warehouse, arms, rules, AnalyzePolicy.DEFAULTS, clock);
  private final Decider decide =
      new Decider(
          profiles,
          decisions,
          warehouse,
          arms,
          new InterventionCatalog(),
          new PriorUpliftModel(),
          DecisionPolicy.DEFAULTS
              .withExplorationPercent(0)
              .withHoldoutPercent(0)
              .withSendTimeOptimised(false));
  private final Composer compose =
      Composers.templatesOnly(
          profiles, new InMemoryAppConfigStore(), warehouse, "http://localhost:8080", clock);
  private final Deliverer deliver =
      new Deliverer(sender, new InMemoryDeliveryLedger(), warehouse, clock, Duration.ofMinutes(2));
  private final FeedbackService feedback = new FeedbackService(sender, bus, warehouse, clock);
  private final Sweeper sweeper =
      new Sweeper(profiles, warehouse, bus, rules, new InterventionCatalog());

  private List<OutboundMessage> run(UserEventBatch batch) {
    List<OutboundMessage> out =
        analyze.apply(batch).stream()
            .flatMap(s -> decide.apply(s).stream())
            .flatMap(d -> compose.apply(d).stream())
            .toList();
    out.forEach(deliver);
    return out;
  }

  @Test
  void aSignupIsWelcomedAndAnUnsubscribeStopsTheWinback() {
    List<OutboundMessage> welcome =
        run(
            batch(
                "b1",
                event(EventTypes.USER_SIGNUP)
                    .at(T)
                    .trait("email", "ana@example.com")
                    .trait("firstName", "Ana")
                    .build()));
    assertThat(welcome)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.intervention()).isEqualTo("welcome");
              assertThat(m.channel()).isEqualTo(Channel.EMAIL);
            });

    clock.advance(Duration.ofMinutes(5));
    assertThat(
            feedback
                .handle(new FeedbackRequest(welcome.get(0).outboundId(), FeedbackKind.UNSUBSCRIBE))
                .status())
        .isEqualTo(202);
    bus.published(UserEventBatch.class).forEach(this::run);
    bus.clear();

    Instant weekLater = T.plus(Duration.ofDays(7));
    clock.set(weekLater);
    assertThat(sweeper.run(weekLater).inactiveSignals()).isEqualTo(1);
    bus.published(Signal.class).forEach(decide::apply);

    assertThat(decisions.recent("app1", "u1", 10))
        .first()
        .satisfies(
            d -> {
              assertThat(d.signalType()).isEqualTo("INACTIVE");
              assertThat(d.outcome()).isEqualTo(Outcome.NOT_ELIGIBLE);
              assertThat(d.reason()).isEqualTo(DecisionReason.UNSUBSCRIBED);
            });
    assertThat(sender.sent()).hasSize(1);
  }

  @Test
  void aBatchRedeliveredAfterACrashBeforeItsSignalsWerePublishedIsStillWelcomedOnce() {
    UserEventBatch signup =
        batch("b1", event(EventTypes.USER_SIGNUP).at(T).trait("email", "ana@example.com").build());
    analyze.apply(signup);

    List<OutboundMessage> afterCrash = run(signup);
    List<OutboundMessage> redeliveredAgain = run(signup);

    assertThat(afterCrash)
        .extracting(OutboundMessage::outboundId)
        .isEqualTo(redeliveredAgain.stream().map(OutboundMessage::outboundId).toList())
        .hasSize(1);
    assertThat(sender.sent())
        .singleElement()
        .satisfies(m -> assertThat(m.intervention()).isEqualTo("welcome"));
    assertThat(profiles.find("app1", "u1").orElseThrow().activity().eventCount()).isEqualTo(1);
  }

  @Test
  void aSignupAtNightIsWelcomedAtOnceButAPaymentFailureWaitsUntilEightLocalTime() {
    Instant night = Instant.parse("2026-01-05T23:30:00Z");
    clock.set(night);
    List<OutboundMessage> welcome =
        run(
            batch(
                "b1",
                event(EventTypes.USER_SIGNUP)
                    .at(night)
                    .trait("email", "a@b.c")
                    .trait("timezone", "Europe/Madrid")
                    .build()));
    assertThat(welcome)
        .singleElement()
        .satisfies(m -> assertThat(m.intervention()).isEqualTo("welcome"));

    Instant later = night.plus(Duration.ofMinutes(15));
    clock.set(later);
    assertThat(run(batch("b2", event(EventTypes.PAYMENT_FAILED).at(later).build()))).isEmpty();

    Instant eightInMadrid = Instant.parse("2026-01-06T07:00:00Z");
    clock.set(eightInMadrid);
    assertThat(sweeper.run(eightInMadrid).releaseSignals()).isEqualTo(1);
    bus.published(Signal.class).stream()
        .filter(s -> s.type() == SignalType.RELEASE_DUE)
        .flatMap(s -> decide.apply(s).stream())
        .flatMap(d -> compose.apply(d).stream())
        .forEach(deliver);

    assertThat(sender.sent())
        .extracting(OutboundMessage::intervention)
        .containsExactly("welcome", "payment_failed");
    assertThat(decisions.recent("app1", "u1", 10))
        .extracting(Decision::outcome)
        .containsExactly(Outcome.SEND, Outcome.DEFERRED, Outcome.SEND);
  }
}
