package dev.userwhisperer.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResponseTypesTest {
  private static final ModelParameters P = ModelParameters.defaults();

  private static List<Traits> draw(double sleepingDogShare, int users) {
    return Population.draw(
        8, users, SimulationTest.START, 14, P.withSleepingDogShare(sleepingDogShare));
  }

  private static Set<String> ids(List<Traits> users, ResponseType type) {
    return users.stream()
        .filter(t -> t.responseType() == type)
        .map(Traits::userId)
        .collect(Collectors.toSet());
  }

  @Test
  void typesAreDrawnAtTheirShares() {
    List<Traits> users = draw(0.2, 6000);

    assertThat(share(users, t -> t.responseType() == ResponseType.PERSUADABLE))
        .isCloseTo(P.persuadableShare(), within(0.02));
    assertThat(share(users, t -> t.responseType() == ResponseType.SLEEPING_DOG))
        .isCloseTo(0.2, within(0.02));
  }

  @Test
  void aLargerShareOfSleepingDogsTurnsUnmovedUsersIntoSleepingDogsAndChangesNothingElse() {
    List<Traits> none = draw(0, 2000);
    List<Traits> some = draw(0.1, 2000);
    List<Traits> more = draw(0.2, 2000);

    assertThat(ids(none, ResponseType.SLEEPING_DOG)).isEmpty();
    assertThat(ids(some, ResponseType.PERSUADABLE))
        .isEqualTo(ids(none, ResponseType.PERSUADABLE))
        .isEqualTo(ids(more, ResponseType.PERSUADABLE));
    assertThat(ids(more, ResponseType.SLEEPING_DOG))
        .containsAll(ids(some, ResponseType.SLEEPING_DOG))
        .hasSizeGreaterThan(ids(some, ResponseType.SLEEPING_DOG).size());
    for (int i = 0; i < none.size(); i++) {
      assertThat(withoutType(more.get(i))).isEqualTo(withoutType(none.get(i)));
    }
  }

  @Test
  void sleepingDogsAreLikelierAmongTheLeastActiveUsers() {
    List<Traits> users = draw(0.2, 6000);

    double dogs = meanSessions(users, ResponseType.SLEEPING_DOG);
    double unmoved = meanSessions(users, ResponseType.UNMOVED);

    assertThat(dogs).isLessThan(0.8 * unmoved);
  }

  @Test
  void aShareOfSleepingDogsTheNonPersuadableCannotHoldIsRejected() {
    assertThatThrownBy(() -> P.withSleepingDogShare(0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sleepingDogShare");
    assertThatThrownBy(() -> P.withSleepingDogShare(-0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnmovedUserLivesTheSameLifeWhateverItIsSent() {
    Simulation s = SimulationTest.simulation(5, 400, 14, 30);

    ArmResult.TypeOutcome none = s.run("a", new NoMessaging(), h -> {}).of(ResponseType.UNMOVED);
    ArmResult.TypeOutcome drip = s.run("c", new ClassicDrip(), h -> {}).of(ResponseType.UNMOVED);
    ArmResult.TypeOutcome blast = s.run("b", new WeeklyBlast(), h -> {}).of(ResponseType.UNMOVED);

    assertThat(drip.messagesPerUser()).isPositive();
    assertThat(blast.messagesPerUser()).isPositive();
    for (ArmResult.TypeOutcome messaged : List.of(drip, blast)) {
      assertThat(messaged.retention30()).isEqualTo(none.retention30());
      assertThat(messaged.trialConversion()).isEqualTo(none.trialConversion());
    }
  }

  @Test
  void aRelevantDripHelpsThePersuadablesAndPushesTheSleepingDogsAway() {
    ModelParameters p = P.withSleepingDogShare(0.2);
    Simulation s =
        new Simulation(
            Population.draw(5, 1000, SimulationTest.START, 14, p),
            p,
            5,
            SimulationTest.START,
            14,
            30);

    ArmResult none = s.run("a", new NoMessaging(), h -> {});
    ArmResult drip = s.run("c", new ClassicDrip(), h -> {});

    var persuadable = ResponseType.PERSUADABLE;
    assertThat(drip.of(persuadable).retention30())
        .isGreaterThan(none.of(persuadable).retention30());
    assertThat(drip.of(persuadable).trialConversion())
        .isGreaterThan(none.of(persuadable).trialConversion());
    var dog = ResponseType.SLEEPING_DOG;
    assertThat(drip.of(dog).retention30()).isLessThan(none.of(dog).retention30());
    assertThat(drip.of(dog).trialConversion()).isLessThan(none.of(dog).trialConversion());
  }

  @Test
  void onlyAPersuadableComesBackForAMessageAndASleepingDogUnsubscribesMore() {
    ResponseModel model = new ResponseModel(P);
    Traits persuadable = Population.draw(1, 1, SimulationTest.START, 1, P).get(0);
    int[] returns = new int[3];
    int[] unsubscribes = new int[3];
    for (ResponseType type : ResponseType.values()) {
      Traits t = withType(persuadable, type);
      var r = new java.util.SplittableRandom(3);
      for (int i = 0; i < 20_000; i++) {
        ResponseModel.Outcome o = model.draw(t, Channel.EMAIL, 1, 1, 0, r);
        returns[type.ordinal()] += o.returns() ? 1 : 0;
        unsubscribes[type.ordinal()] += o.unsubscribe() ? 1 : 0;
      }
    }

    assertThat(returns[ResponseType.PERSUADABLE.ordinal()]).isPositive();
    assertThat(returns[ResponseType.UNMOVED.ordinal()]).isZero();
    assertThat(returns[ResponseType.SLEEPING_DOG.ordinal()]).isZero();
    assertThat(unsubscribes[ResponseType.SLEEPING_DOG.ordinal()])
        .isGreaterThan(2 * unsubscribes[ResponseType.UNMOVED.ordinal()]);
  }

  private static double share(List<Traits> users, Predicate<Traits> which) {
    return (double) users.stream().filter(which).count() / users.size();
  }

  private static double meanSessions(List<Traits> users, ResponseType type) {
    return users.stream()
        .filter(t -> t.responseType() == type)
        .mapToDouble(Traits::sessionsPerDay)
        .average()
        .orElseThrow();
  }

  private static Traits withoutType(Traits t) {
    return withType(t, ResponseType.UNMOVED);
  }

  static Traits withType(Traits t, ResponseType type) {
    return new Traits(
        t.index(),
        t.userId(),
        t.signupAt(),
        t.trial(),
        t.zone(),
        t.peakHour(),
        t.sessionsPerDay(),
        t.engagementHalfLifeDays(),
        t.baseChurnPerDay(),
        t.conversionPropensity(),
        t.push(),
        t.phone(),
        t.propensity(),
        t.clickGivenOpen(),
        t.fatigueSensitivity(),
        type);
  }
}
