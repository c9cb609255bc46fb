package dev.userwhisperer.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  static final ModelParameters P = ModelParameters.defaults();

  static Simulation simulation(long seed, int users, int cohortDays, int followUpDays) {
    return new Simulation(
        Population.draw(seed, users, START, cohortDays, P),
        P,
        seed,
        START,
        cohortDays,
        followUpDays);
  }

  @Test
  void theSameSeedGivesTheSameResultsInEveryBaseline() {
    for (int arm = 0; arm < 3; arm++) {
      ArmResult first = simulation(7, 60, 3, 10).run("x", baseline(arm), h -> {});
      ArmResult second = simulation(7, 60, 3, 10).run("x", baseline(arm), h -> {});
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void theSteadyStateIsTheLaterSignupsOfTheSameRun() {
    List<Traits> population = Population.draw(7, 200, START, 20, P);
    Instant steadyFrom = START.plus(java.time.Duration.ofDays(12));
    Simulation s = new Simulation(population, P, 7, START, 20, 30);

    Simulation.Outcome o = s.run("c", new ClassicDrip(), h -> {}, steadyFrom);

    long later = population.stream().filter(t -> !t.signupAt().isBefore(steadyFrom)).count();
    assertThat(later).isBetween(60L, 100L);
    assertThat(o.steadyState().users()).isEqualTo((int) later);
    assertThat(o.all()).isEqualTo(s.run("c", new ClassicDrip(), h -> {}));
    long sentToAll = o.all().messagesByIntervention().stream().mapToLong(c -> c.sent()).sum();
    long sentToLater =
        o.steadyState().messagesByIntervention().stream().mapToLong(c -> c.sent()).sum();
    assertThat(sentToLater).isPositive().isLessThan(sentToAll);
  }

  @Test
  void anotherSeedGivesAnotherPopulation() {
    List<Traits> a = Population.draw(1, 50, START, 3, P);
    List<Traits> b = Population.draw(2, 50, START, 3, P);
    assertThat(a).isNotEqualTo(b);
    assertThat(Population.draw(1, 50, START, 3, P)).isEqualTo(a);
  }

  @Test
  void withoutMessagesEveryArmLivesTheSameLives() {
    // common random numbers: a messenger that sends nothing changes nothing
    ArmResult none = simulation(3, 200, 7, 30).run("a", new NoMessaging(), h -> {});
    ArmResult silentDrip =
        simulation(3, 200, 7, 30)
            .run(
                "a",
                new Messenger() {
                  @Override
                  public List<Message> step(Instant from, Instant to, List<SimEvent> events) {
                    return List.of();
                  }

                  @Override
                  public void feedback(Message message, Feedback kind, Instant at) {}
                },
                h -> {});
    assertThat(silentDrip).isEqualTo(none);
  }

  /** The typical case lands on the public figures the parameters cite. */
  @Test
  void aWeeklyBlastOpensAndClicksAtTheQuotedEmailAveragesAndNoMessagesConvertAtTheMedian() {
    Simulation s = simulation(11, 2000, 14, 30);

    ArmResult blast = s.run("b", new WeeklyBlast(), h -> {});
    ArmResult none = s.run("a", new NoMessaging(), h -> {});

    assertThat(blast.openRate()).isCloseTo(0.22, within(0.04));
    assertThat(blast.clickRate()).isCloseTo(0.03, within(0.01));
    assertThat(none.trialConversion()).isCloseTo(0.38, within(0.05));
    assertThat(blast.messagesPerUser()).isBetween(2.0, 5.0);
  }

  @Test
  void theDripSendsItsFourInterventionsAsEmail() {
    ArmResult drip = simulation(5, 400, 14, 30).run("c", new ClassicDrip(), h -> {});

    assertThat(drip.messagesByIntervention())
        .extracting(ArmResult.InterventionCount::intervention)
        .containsExactly("tips", "trial_ending", "welcome", "winback");
  }

  /** The drip sends at the hour the user signed up, an active hour; the blast at one UTC hour. */
  @Test
  void sendTimeFitIsHigherForMessagesSentAtTheUsersActiveHours() {
    Simulation s = simulation(5, 400, 14, 30);

    double drip = fit(s.run("c", new ClassicDrip(), h -> {}), "welcome");
    double blast = fit(s.run("b", new WeeklyBlast(), h -> {}), "newsletter");

    assertThat(drip).isBetween(0.8, 1.0);
    assertThat(blast).isBetween(0.5, drip - 0.1);
  }

  private static double fit(ArmResult arm, String intervention) {
    return arm.messagesByIntervention().stream()
        .filter(c -> c.intervention().equals(intervention))
        .findFirst()
        .orElseThrow()
        .sendTimeFit();
  }

  @Test
  void relevanceJudgesTheInterventionAgainstTheUsersState() {
    var newTrialist = new ResponseModel.State(1, true, 13, false, false);
    var endingTrial = new ResponseModel.State(11, true, 3, false, false);
    var idlePayer = new ResponseModel.State(20, false, -1, true, false);

    assertThat(ResponseModel.relevance("welcome", newTrialist)).isEqualTo(1);
    assertThat(ResponseModel.relevance("welcome", endingTrial)).isEqualTo(0.3);
    assertThat(ResponseModel.relevance("trial_ending", endingTrial)).isEqualTo(1);
    assertThat(ResponseModel.relevance("trial_ending", idlePayer)).isZero();
    assertThat(ResponseModel.relevance("winback", idlePayer)).isEqualTo(1);
    assertThat(ResponseModel.relevance("payment_failed", idlePayer)).isZero();
    assertThat(ResponseModel.relevance("newsletter", idlePayer)).isEqualTo(0.5);
    assertThat(ResponseModel.relevance("upgrade_offer", endingTrial)).isEqualTo(1);
    assertThat(ResponseModel.relevance("upgrade_offer", idlePayer)).isZero();
    assertThat(ResponseModel.relevance("feature_tip", newTrialist)).isEqualTo(1);
  }

  private static Messenger baseline(int arm) {
    return switch (arm) {
      case 0 -> new NoMessaging();
      case 1 -> new WeeklyBlast();
      default -> new ClassicDrip();
    };
  }
}
