package dev.userwhisperer.simulator;

import dev.userwhisperer.simulator.ArmResult.InterventionCount;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Runs one arm: the population lives hour by hour, tells the messenger what it did, gets messages
 * and answers them through the response model. Users sign up over the cohort days and each is
 * followed for 30 days, so the run lasts cohort days + 30.
 */
public final class Simulation {
  public static final int WINDOW_DAYS = 30;
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration WEEK = Duration.ofDays(7);
  private static final String[] FEATURES = {"export", "share", "search", "dashboard", "reminder"};

  private final List<Traits> population;
  private final ModelParameters p;
  private final ResponseModel responses;
  private final long seed;
  private final Instant start;
  private final int cohortDays;
  private final int followUpDays;

  /**
   * @param cohortDays users sign up over these days
   * @param followUpDays days the run goes on after the last signup day; {@value #WINDOW_DAYS} to
   *     see every user's whole window
   */
  public Simulation(
      List<Traits> population,
      ModelParameters p,
      long seed,
      Instant start,
      int cohortDays,
      int followUpDays) {
    this.population = List.copyOf(population);
    this.p = p;
    this.responses = new ResponseModel(p);
    this.seed = seed;
    this.start = start;
    this.cohortDays = cohortDays;
    this.followUpDays = followUpDays;
  }

  /** Hours the run lasts; {@link #run} reports each one done to its progress callback. */
  public int hours() {
    return (cohortDays + followUpDays + 1) * 24;
  }

  /**
   * What one arm did to all users, and to those who signed up from a later day on, when the
   * platform had had time to learn from the earlier ones.
   *
   * @param all every user of the population
   * @param steadyState the users who signed up at or after the run's {@code steadyFrom}
   */
  public record Outcome(ArmResult all, ArmResult steadyState) {}

  /** Runs the arm, measured on every user. */
  public ArmResult run(String arm, Messenger messenger, IntConsumer hourDone) {
    return run(arm, messenger, hourDone, start).all();
  }

  /**
   * Runs the arm, measured on every user and on those who signed up at or after {@code steadyFrom}.
   */
  public Outcome run(String arm, Messenger messenger, IntConsumer hourDone, Instant steadyFrom) {
    List<User> users = population.stream().map(User::new).toList();
    PriorityQueue<Pending> pending =
        new PriorityQueue<>(Comparator.comparing(Pending::at).thenComparing(Pending::order));
    long[] order = {0};
    for (int h = 0; h < hours(); h++) {
      Instant from = start.plus(HOUR.multipliedBy(h));
      Instant to = from.plus(HOUR);
      List<SimEvent> events = new ArrayList<>();
      while (!pending.isEmpty() && pending.peek().at().isBefore(to)) {
        answer(pending.poll(), messenger, events);
      }
      for (User u : users) {
        u.live(from, events);
      }
      for (Message m : messenger.step(from, to, events)) {
        User u = users.get(indexOf(m.userId()));
        u.receive(m, pending, order);
      }
      hourDone.accept(h + 1);
    }
    List<User> steady = users.stream().filter(u -> !u.t.signupAt().isBefore(steadyFrom)).toList();
    return new Outcome(result(arm, users), result(arm, steady));
  }

  /** The messages of each intervention that reached these users. */
  private static Map<String, Tally> sentTo(List<User> users) {
    Map<String, Tally> counts = new TreeMap<>();
    for (User u : users) {
      u.tallies.forEach(
          (intervention, t) -> {
            Tally sum = counts.computeIfAbsent(intervention, k -> new Tally());
            sum.sent += t.sent;
            sum.opened += t.opened;
            sum.clicked += t.clicked;
            sum.timingSum += t.timingSum;
          });
    }
    return counts;
  }

  private static int indexOf(String userId) {
    return Integer.parseInt(userId.substring(userId.indexOf('-') + 1));
  }

  private void answer(Pending due, Messenger messenger, List<SimEvent> events) {
    User u = due.user();
    if (!u.alive) {
      return;
    }
    Message m = due.message();
    switch (due.kind()) {
      case OPEN -> {
        messenger.feedback(m, Feedback.OPEN, due.at());
        u.opened(m, due.relevance(), due.at());
        u.tallies.get(m.intervention()).opened++;
      }
      case CLICK -> {
        messenger.feedback(m, Feedback.CLICK, due.at());
        u.clicked(m, due.relevance(), due.at(), events);
        u.tallies.get(m.intervention()).clicked++;
      }
      case UNSUBSCRIBE -> {
        messenger.feedback(m, Feedback.UNSUBSCRIBE, due.at());
        u.unsubscribed.add(m.channel());
        u.everUnsubscribed = true;
      }
      case RETURN -> u.session(due.at(), events);
    }
  }

  private enum Kind {
    OPEN,
    CLICK,
    UNSUBSCRIBE,
    RETURN
  }

  /** Messages of one intervention so far, and the sum of their send-time fits. */
  private static final class Tally {
    long sent;
    long opened;
    long clicked;
    double timingSum;
  }

  private record Pending(
      Instant at, long order, Kind kind, User user, Message message, double relevance) {}

  private enum Billing {
    NONE,
    TRIALING,
    ACTIVE,
    PAST_DUE
  }

  /** One user's hidden state in this arm. */
  private final class User {
    final Traits t;
    final SplittableRandom behaviour;
    final SplittableRandom answers;
    final double hourWeightNorm;
    final Instant windowEnd;
    final Set<Channel> unsubscribed = EnumSet.noneOf(Channel.class);
    final Map<String, Tally> tallies = new HashMap<>();
    final Deque<Instant> recent = new ArrayDeque<>();
    boolean signedUp;
    boolean alive = true;
    Instant goneAt;
    Billing billing = Billing.NONE;
    Instant trialEndsAt;
    Instant pastDueSince;
    boolean converted;
    boolean reminded;
    boolean warnedOffInTrial;
    double engagement = 1;
    Instant lastSessionAt;
    int trialSessions;
    boolean activeInWeekFour;
    boolean everUnsubscribed;
    Instant protectedUntil = Instant.MIN;
    double protection = 1;
    int messages;
    int emailPushMessages;
    int opens;
    int clicks;
    int eventSeq;

    User(Traits t) {
      this.t = t;
      this.behaviour = Randomness.stream(seed, t.index(), Randomness.BEHAVIOUR);
      this.answers = Randomness.stream(seed, t.index(), Randomness.RESPONSES);
      double norm = 0;
      for (int h = 0; h < 24; h++) {
        norm += hourWeight(h + 0.5);
      }
      this.hourWeightNorm = norm;
      this.windowEnd = t.signupAt().plus(Duration.ofDays(WINDOW_DAYS));
    }

    double hourWeight(double localHour) {
      double d = Math.abs(localHour - t.peakHour());
      d = Math.min(d, 24 - d);
      double w = p.activeHoursWidth();
      return Math.exp(-d * d / (2 * w * w));
    }

    /** One hour of life: signup, sessions, the daily draws, the end of the trial. */
    void live(Instant from, List<SimEvent> events) {
      Instant to = from.plus(HOUR);
      if (!signedUp) {
        if (t.signupAt().isBefore(to) && !t.signupAt().isBefore(from)) {
          signUp(events);
        }
        return;
      }
      double uSession = behaviour.nextDouble();
      double uMinute = behaviour.nextDouble();
      long hoursIn = Duration.between(t.signupAt(), from).toHours();
      boolean dayTick = hoursIn > 0 && hoursIn % 24 == 0;
      double uChurn = dayTick ? behaviour.nextDouble() : 1;
      double uPayment = dayTick ? behaviour.nextDouble() : 1;
      double uConvert = behaviour.nextDouble();
      if (!alive) {
        return;
      }
      engagement *= Math.pow(0.5, 1 / (24 * t.engagementHalfLifeDays()));
      var local = from.atZone(t.zone());
      double rate =
          t.sessionsPerDay() * engagement * hourWeight(local.getHour() + 0.5) / hourWeightNorm;
      if (uSession < Math.min(0.9, rate)) {
        session(from.plusSeconds((long) (uMinute * 3540)), events);
      }
      if (billing == Billing.TRIALING && trialEndsAt.isBefore(to)) {
        endTrial(trialEndsAt, uConvert, events);
      }
      if (dayTick && alive) {
        daily(from, uChurn, uPayment, events);
      }
    }

    void signUp(List<SimEvent> events) {
      signedUp = true;
      Instant at = t.signupAt();
      Map<String, Object> consent = Map.of("email", true, "push", t.push(), "sms", t.phone());
      Map<String, Object> traits = new HashMap<>();
      traits.put("email", t.userId() + "@example.com");
      traits.put("firstName", "Sim" + t.index());
      traits.put("timezone", t.zone().getId());
      traits.put("consent", consent);
      if (t.push()) {
        traits.put("pushToken", "push-token-" + t.userId());
      }
      if (t.phone()) {
        traits.put("phone", String.format("+1555%07d", t.index()));
      }
      events.add(event("identify", at.minusSeconds(1), Map.of(), traits));
      events.add(event("user_signup", at, Map.of(), Map.of()));
      if (t.trial()) {
        billing = Billing.TRIALING;
        trialEndsAt = at.plus(Duration.ofDays(p.trialDays()));
        events.add(
            event(
                "trial_started",
                at,
                Map.of("trialEndsAt", DateTimeFormatter.ISO_INSTANT.format(trialEndsAt)),
                Map.of()));
      } else {
        billing = Billing.ACTIVE;
        events.add(event("subscription_started", at, Map.of("plan", "pro"), Map.of()));
      }
      session(at.plusSeconds(30), events);
    }

    void session(Instant at, List<SimEvent> events) {
      if (!alive || at.isBefore(t.signupAt())) {
        return;
      }
      lastSessionAt = at;
      if (billing == Billing.TRIALING) {
        trialSessions++;
      }
      Duration age = Duration.between(t.signupAt(), at);
      if (age.compareTo(Duration.ofDays(23)) >= 0 && at.isBefore(windowEnd)) {
        activeInWeekFour = true;
      }
      events.add(event("session_started", at, Map.of(), Map.of()));
      String feature = FEATURES[Math.floorMod(eventSeq, FEATURES.length)];
      events.add(event("feature_used", at.plusSeconds(20), Map.of("feature", feature), Map.of()));
    }

    void endTrial(Instant at, double u, List<SimEvent> events) {
      double engagementFactor = Math.min(1.5, 0.5 + trialSessions / 7.0);
      double lift = reminded ? 1 + p.reminderConversionLift() : 1;
      if (warnedOffInTrial) {
        lift *= p.sleepingDogConversionFactor();
      }
      if (u < Math.min(0.98, t.conversionPropensity() * engagementFactor * lift)) {
        billing = Billing.ACTIVE;
        converted = true;
        events.add(event("subscription_started", at, Map.of("plan", "pro"), Map.of()));
      } else {
        leave(at, "trial_expired", events);
      }
    }

    void daily(Instant now, double uChurn, double uPayment, List<SimEvent> events) {
      if (billing == Billing.PAST_DUE) {
        if (uPayment < p.paymentSelfRecoveryPerDay()) {
          recover(now, events);
        } else if (!now.isBefore(pastDueSince.plus(Duration.ofDays(p.paymentGraceDays())))) {
          leave(now, "payment_failed", events);
          return;
        }
      } else if (billing == Billing.ACTIVE && uPayment < p.paymentFailurePerDay()) {
        billing = Billing.PAST_DUE;
        pastDueSince = now;
        events.add(event("payment_failed", now, Map.of("amountCents", 999), Map.of()));
      }
      if (uChurn < hazard(now)) {
        leave(now, "voluntary", events);
      }
    }

    double hazard(Instant now) {
      double idleDays =
          lastSessionAt == null ? 0 : Duration.between(lastSessionAt, now).toHours() / 24.0;
      double disengagement = 0.5 * Math.min(1, idleDays / 7) + 0.5 * (1 - engagement);
      int recentCount = recentMessages(now);
      double messagesFactor =
          switch (t.responseType()) {
            case PERSUADABLE ->
                1
                    + p.annoyanceHazardPerMessage()
                        * t.fatigueSensitivity()
                        * Math.max(0, recentCount - 1);
            case UNMOVED -> 1;
            case SLEEPING_DOG -> 1 + p.sleepingDogHazardPerMessage() * recentCount;
          };
      double shield = now.isBefore(protectedUntil) ? protection : 1;
      return t.baseChurnPerDay()
          * (1 + p.disengagementHazardFactor() * disengagement)
          * messagesFactor
          * shield;
    }

    void recover(Instant at, List<SimEvent> events) {
      billing = Billing.ACTIVE;
      pastDueSince = null;
      events.add(event("payment_succeeded", at, Map.of("amountCents", 999), Map.of()));
    }

    void leave(Instant at, String reason, List<SimEvent> events) {
      alive = false;
      goneAt = at;
      billing = Billing.NONE;
      events.add(event("subscription_cancelled", at, Map.of("reason", reason), Map.of()));
    }

    int recentMessages(Instant now) {
      while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WEEK))) {
        recent.removeFirst();
      }
      return recent.size();
    }

    ResponseModel.State state(Instant at) {
      double idleDays =
          lastSessionAt == null ? 0 : Duration.between(lastSessionAt, at).toHours() / 24.0;
      return new ResponseModel.State(
          Duration.between(t.signupAt(), at).toMinutes() / 1440.0,
          billing == Billing.TRIALING,
          trialEndsAt == null ? -1 : Duration.between(at, trialEndsAt).toMinutes() / 1440.0,
          idleDays >= 5 || engagement < 0.5,
          billing == Billing.PAST_DUE);
    }

    /** A message arrived: count it, and draw what the user will do with it. */
    void receive(Message m, PriorityQueue<Pending> pending, long[] order) {
      Tally tally = tallies.computeIfAbsent(m.intervention(), k -> new Tally());
      tally.sent++;
      tally.timingSum += responses.timing(t, m.channel(), m.deliveredAt());
      boolean inWindow = m.deliveredAt().isBefore(windowEnd);
      if (inWindow) {
        messages++;
        if (m.channel() != Channel.SMS) {
          emailPushMessages++;
        }
      }
      if (!signedUp || !alive || unsubscribed.contains(m.channel())) {
        return;
      }
      Instant at = m.deliveredAt();
      int before = recentMessages(at);
      recent.addLast(at);
      ResponseModel.State state = state(at);
      if (t.responseType() == ResponseType.SLEEPING_DOG
          && state.trialing()
          && state.daysToTrialEnd() <= 4) {
        warnedOffInTrial = true;
      }
      double relevance = ResponseModel.relevance(m.intervention(), state);
      double timing = responses.timing(t, m.channel(), at);
      ResponseModel.Outcome o = responses.draw(t, m.channel(), relevance, timing, before, answers);
      double meanDelayMinutes = m.channel() == Channel.EMAIL ? 120 : 10;
      Instant openAt =
          at.plusSeconds((long) (60 * -meanDelayMinutes * Math.log(1 - answers.nextDouble())));
      if (o.open()) {
        pending.add(new Pending(openAt, order[0]++, Kind.OPEN, this, m, relevance));
        if (inWindow && openAt.isBefore(windowEnd)) {
          opens++;
        }
      }
      if (o.click()) {
        pending.add(
            new Pending(openAt.plusSeconds(60), order[0]++, Kind.CLICK, this, m, relevance));
        if (inWindow && openAt.isBefore(windowEnd)) {
          clicks++;
        }
      }
      if (o.returns()) {
        pending.add(
            new Pending(openAt.plusSeconds(120), order[0]++, Kind.RETURN, this, m, relevance));
      }
      if (o.unsubscribe()) {
        pending.add(
            new Pending(openAt.plusSeconds(90), order[0]++, Kind.UNSUBSCRIBE, this, m, relevance));
      }
    }

    void opened(Message m, double relevance, Instant at) {
      if (t.responseType() != ResponseType.PERSUADABLE) {
        return;
      }
      if (relevance >= 1) {
        shield(at, p.relevantOpenHazardFactor(), Duration.ofDays(p.relevantOpenProtectionDays()));
      } else if (relevance > 0) {
        shield(at, p.genericOpenHazardFactor(), Duration.ofDays(3));
      }
      if (relevance >= 1 && m.intervention().equals("trial_ending")) {
        reminded = true;
      }
    }

    void clicked(Message m, double relevance, Instant at, List<SimEvent> events) {
      if (m.channel() == Channel.SMS) {
        opened(m, relevance, at);
      }
      if (t.responseType() == ResponseType.PERSUADABLE
          && relevance >= 1
          && m.intervention().equals("payment_failed")
          && billing == Billing.PAST_DUE
          && answers.nextDouble() < p.messageRecoveryProbability()) {
        recover(at, events);
      }
    }

    void shield(Instant at, double factor, Duration length) {
      Instant until = at.plus(length);
      if (!at.isBefore(protectedUntil) || factor < protection) {
        protection = factor;
      }
      if (until.isAfter(protectedUntil)) {
        protectedUntil = until;
      }
    }

    SimEvent event(
        String type, Instant at, Map<String, Object> properties, Map<String, Object> traits) {
      return new SimEvent(t.userId() + "-" + eventSeq++, t.userId(), type, at, properties, traits);
    }
  }

  private ArmResult result(String arm, List<User> users) {
    Map<String, Tally> byIntervention = sentTo(users);
    int n = users.size();
    int trials = 0;
    int converted = 0;
    int retained = 0;
    int churned = 0;
    long messages = 0;
    long emailPush = 0;
    long opens = 0;
    long clicks = 0;
    int unsubscribed = 0;
    int[] goneByDay = new int[WINDOW_DAYS + 1];
    Map<ResponseType, int[]> typeCounts = new EnumMap<>(ResponseType.class);
    for (ResponseType type : ResponseType.values()) {
      typeCounts.put(type, new int[5]);
    }
    for (User u : users) {
      int[] c = typeCounts.get(u.t.responseType());
      c[0]++;
      c[1] += u.activeInWeekFour ? 1 : 0;
      c[2] += u.t.trial() ? 1 : 0;
      c[3] += u.t.trial() && u.converted ? 1 : 0;
      c[4] += u.messages;
      if (u.t.trial()) {
        trials++;
        if (u.converted) {
          converted++;
        }
      }
      if (u.activeInWeekFour) {
        retained++;
      }
      if (u.goneAt != null && u.goneAt.isBefore(u.windowEnd)) {
        churned++;
        int day = (int) Duration.between(u.t.signupAt(), u.goneAt).toDays();
        goneByDay[Math.min(WINDOW_DAYS, day + 1)]++;
      }
      messages += u.messages;
      emailPush += u.emailPushMessages;
      opens += u.opens;
      clicks += u.clicks;
      if (u.everUnsubscribed) {
        unsubscribed++;
      }
    }
    List<Double> survival = new ArrayList<>();
    int gone = 0;
    for (int d = 0; d <= WINDOW_DAYS; d++) {
      gone += goneByDay[d];
      survival.add(1 - (double) gone / n);
    }
    List<InterventionCount> counts =
        byIntervention.entrySet().stream()
            .map(
                e ->
                    new InterventionCount(
                        e.getKey(),
                        e.getValue().sent,
                        e.getValue().opened,
                        e.getValue().clicked,
                        e.getValue().timingSum / e.getValue().sent))
            .toList();
    return new ArmResult(
        arm,
        n,
        (double) retained / n,
        trials == 0 ? 0 : (double) converted / trials,
        (double) churned / n,
        (double) messages / n,
        emailPush == 0 ? 0 : (double) opens / emailPush,
        messages == 0 ? 0 : (double) clicks / messages,
        (double) unsubscribed / n,
        survival,
        counts,
        byType(typeCounts));
  }

  /** Counts per type (users, retained, trial users, converted, messages) as outcomes. */
  private static Map<ResponseType, ArmResult.TypeOutcome> byType(Map<ResponseType, int[]> counts) {
    Map<ResponseType, ArmResult.TypeOutcome> byType = new EnumMap<>(ResponseType.class);
    counts.forEach(
        (type, c) ->
            byType.put(
                type,
                new ArmResult.TypeOutcome(
                    c[0],
                    c[0] == 0 ? 0 : (double) c[1] / c[0],
                    c[2],
                    c[2] == 0 ? 0 : (double) c[3] / c[2],
                    c[0] == 0 ? 0 : (double) c[4] / c[0])));
    return byType;
  }
}
