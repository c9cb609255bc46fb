package dev.userwhisperer.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OracleTest {
  private static final ModelParameters P = ModelParameters.defaults().withSleepingDogShare(0.2);
  private static final List<Traits> POPULATION =
      Population.draw(5, 400, SimulationTest.START, 14, P);
  private static final Simulation SIMULATION =
      new Simulation(POPULATION, P, 5, SimulationTest.START, 14, 30);

  @Test
  void theOracleMessagesThePersuadablesAloneOnTheirBestChannelAtTheirPeakHour() {
    List<Message> sent = new ArrayList<>();
    ArmResult oracle =
        SIMULATION.run("f", new RecordingMessenger(new Oracle(POPULATION), sent), h -> {});
    Map<String, Traits> users =
        POPULATION.stream().collect(Collectors.toMap(Traits::userId, Function.identity()));

    assertThat(sent).isNotEmpty();
    assertThat(sent)
        .allSatisfy(
            m ->
                assertThat(users.get(m.userId()).responseType())
                    .isEqualTo(ResponseType.PERSUADABLE));
    assertThat(sent.stream().filter(m -> m.intervention().equals("welcome")).count())
        .isEqualTo(
            POPULATION.stream().filter(t -> t.responseType() == ResponseType.PERSUADABLE).count());
    assertThat(sent.stream().filter(m -> m.intervention().equals("welcome")))
        .allSatisfy(m -> assertThat(m.channel()).isEqualTo(best(users.get(m.userId()))));
    assertThat(oracle.messagesByIntervention())
        .allSatisfy(c -> assertThat(c.sendTimeFit()).isGreaterThan(0.999));
    assertThat(oracle.messagesByIntervention())
        .extracting(ArmResult.InterventionCount::intervention)
        .contains("welcome", "feature_tip", "trial_ending", "winback");
  }

  @Test
  void theOracleLeavesUnmovedUsersAndSleepingDogsToTheLivesTheyLiveWithoutMessages() {
    ArmResult none = SIMULATION.run("a", new NoMessaging(), h -> {});
    ArmResult oracle = SIMULATION.run("f", new Oracle(POPULATION), h -> {});

    for (ResponseType type : List.of(ResponseType.UNMOVED, ResponseType.SLEEPING_DOG)) {
      assertThat(oracle.of(type).messagesPerUser()).isZero();
      assertThat(oracle.of(type).retention30()).isEqualTo(none.of(type).retention30());
      assertThat(oracle.of(type).trialConversion()).isEqualTo(none.of(type).trialConversion());
    }
    assertThat(oracle.retention30()).isGreaterThan(none.retention30());
    assertThat(oracle.trialConversion()).isGreaterThan(none.trialConversion());
  }

  @Test
  void aChannelTheUserLeftGivesWayToTheNextBestTheyCanBeReachedOn() {
    Traits t =
        new Traits(
            0,
            "sim-00000",
            SimulationTest.START,
            true,
            ZoneId.of("Europe/Berlin"),
            20,
            1,
            30,
            0.006,
            0.3,
            true,
            false,
            Map.of(Channel.EMAIL, 0.3, Channel.PUSH, 0.4, Channel.SMS, 0.9),
            0.25,
            0.2,
            ResponseType.PERSUADABLE);
    Oracle oracle = new Oracle(List.of(t));
    ClassicSchedule.Subscriber s = new ClassicSchedule.Subscriber(t.userId());

    assertThat(oracle.channel(s)).contains(Channel.PUSH);
    s.unsubscribed.add(Channel.PUSH);
    assertThat(oracle.channel(s)).contains(Channel.EMAIL);
    s.unsubscribed.add(Channel.EMAIL);
    assertThat(oracle.channel(s)).isEmpty();
    assertThat(
            new Oracle(List.of(ResponseTypesTest.withType(t, ResponseType.UNMOVED)))
                .channel(new ClassicSchedule.Subscriber(t.userId())))
        .isEmpty();
  }

  /** The reachable channel with the highest propensity. */
  private static Channel best(Traits t) {
    Channel best = Channel.EMAIL;
    for (Channel c : List.of(Channel.PUSH, Channel.SMS)) {
      boolean reaches = c == Channel.PUSH ? t.push() : t.phone();
      if (reaches && t.propensity().get(c) > t.propensity().get(best)) {
        best = c;
      }
    }
    return best;
  }
}
