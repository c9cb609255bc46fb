package dev.userwhisperer.simulator.cli;

import dev.userwhisperer.simulator.ArmResult;
import dev.userwhisperer.simulator.ArmResult.InterventionCount;
import dev.userwhisperer.simulator.ModelParameters;
import dev.userwhisperer.simulator.ResponseType;
import dev.userwhisperer.simulator.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** docs/simulation.md and its charts, from the arms' results. */
final class Report {
  private final Comparison.Options options;
  private final List<ArmResult> arms;
  private final List<ArmResult> allUsers;
  private final List<Seed> seeds;
  private final List<OracleShares> sensitivity;
  private final List<ModelUse> models;
  private final Map<String, DecisionsByType> decisionsByType;
  private final Duration took;

  /**
   * The margins of the platform (d) and of the platform without its holdout (e) in one seed, and
   * every arm's share of the oracle's lift, on the users judged (after the warm-up), and the shares
   * on all users.
   */
  record Seed(
      SeedMargins platform, SeedMargins everyone, OracleShares shares, OracleShares allUsers) {
    static Seed of(long seed, double harmedShare, List<Simulation.Outcome> outcomes) {
      List<ArmResult> arms = Comparison.steadyState(outcomes);
      String oracle = Comparison.ARMS.get(Comparison.ORACLE);
      return new Seed(
          SeedMargins.of(seed, arms, Comparison.PLATFORM),
          SeedMargins.of(seed, arms, Comparison.NO_HOLDOUT_ARM),
          OracleShares.of(seed, harmedShare, arms, oracle),
          OracleShares.of(
              seed, harmedShare, outcomes.stream().map(Simulation.Outcome::all).toList(), oracle));
    }
  }

  /**
   * Which predictor ranked the interventions of the platform (d)'s decisions for the judged users:
   * whether the run measured the learned models or only the uplift table and the priors.
   */
  private String modelsSection() {
    if (models.isEmpty()) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            """

            ### Which models decided

            Every decision of the platform that weighs interventions logs what predicted their
            effects: the app's uplift model (`model`, with its version), the uplift table of app ×
            intervention × lifecycle stage (`table`) or the documented priors (`prior`). Read
            back from its decision log (`GET /v1/users/{id}`) after each run, for the judged users'
            decisions within their 30 days, by the predictor of the first-ranked intervention
            (the one sent, withheld or, below the gate, left alone):

            | seed | decisions | by a model | by the table | by the prior | model versions (decisions) |
            |---:|---:|---:|---:|---:|---|
            """);
    for (int i = 0; i < seeds.size(); i++) {
      ModelUse use = models.get(i);
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,d | %,d (%s) | %,d | %,d | %s |%n",
              seeds.get(i).platform().seed(),
              use.total(),
              use.byModels(),
              use.total() == 0 ? "–" : pct((double) use.byModels() / use.total()),
              use.by("table"),
              use.by("prior"),
              use.models().isEmpty()
                  ? "none live"
                  : String.join(
                      ", ",
                      use.models().entrySet().stream()
                          .map(
                              e ->
                                  String.format(
                                      Locale.ROOT, "`%s` (%,d)", e.getKey(), e.getValue()))
                          .toList())));
    }
    return md.toString();
  }

  /** Who the figures are about: every user, or those after the warm-up, and why. */
  private String judged() {
    if (options.warmUpDays() == 0) {
      return "";
    }
    long judged = arms.get(0).users();
    return String.format(
        Locale.ROOT,
        """
        **Judged on the steady state, the models on.** A live app is not cold: users keep signing
        up while the platform learns from the earlier ones, and the targets are about the platform
        as a user runs it once it has collected data, with the models it trains itself. Here %,d
        users sign up evenly over %d days (%.0f a day), and every figure below, the targets'
        included, is over the %,d who signed up from day %d on. Why %d days: the learn job runs
        daily and trains nothing below its documented thresholds (docs/models.md, "Enough labelled
        history"). An uplift model reads decisions up to 15 days back (an outcome closes 14 days
        after its decision), holds the last 14 of those days out, needs 100 sent and 100 withheld
        decisions in the days before them and 10 that reached the goal and 10 that did not per arm
        in the held-out days, and goes live only if its held-out Qini interval is above 0. About
        14.5 %% of decisions are withheld at random (the 10 %% holdout, then 5 %% of the rest), so
        the app's pooled model, which learns from all interventions' randomized decisions at once,
        is the first to reach the floor, some 29 days plus the days of decisions 100 withheld ones
        take after the first signups; in a run of 1,000 users over 60 days it was first promoted on
        day 69 (docs/design-notes.md), and twice the signups a day bring both the rows and the
        held-out interval's power forward. The churn model needs 50 churned and 50 retained users
        at cutoffs 28 to 49 days back. Whether a model did go live, and how many of the judged
        users' decisions it ranked, is measured, not assumed: *Which models decided* below. The
        warm-up's users are not dropped: the section *All users, the warm-up included* gives
        every arm on every user.

        """,
        allUsers.get(0).users(),
        options.cohortDays(),
        (double) allUsers.get(0).users() / options.cohortDays(),
        judged,
        options.warmUpDays(),
        options.warmUpDays());
  }

  /** The results table of the arms. */
  private static String resultsTable(List<ArmResult> arms) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| arm | 30-day retention | trial → paid | churn by day 30 | messages / user | open rate"
            + " | click rate | unsubscribed users |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ArmResult a : arms) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %.2f | %s | %s | %s |%n",
              a.arm(),
              pct(a.retention30()),
              pct(a.trialConversion()),
              pct(a.churn30()),
              a.messagesPerUser(),
              a.messagesPerUser() == 0 ? "–" : pct(a.openRate()),
              a.messagesPerUser() == 0 ? "–" : pct(a.clickRate()),
              pct(a.unsubscribedShare())));
    }
    return md.toString();
  }

  /** Every arm on every user, the warm-up's included, and the shares of the oracle's lift. */
  private String allUsersSection() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n### All users, the warm-up included%n%n"
                + "The same runs, over all %,d users of seed %d, those of the %d warm-up days"
                + " included:%n%n",
            allUsers.get(0).users(),
            options.seed(),
            options.warmUpDays()));
    md.append(resultsTable(allUsers));
    md.append(
        "\nEach arm's share of the oracle's lift on all users (retention / trial → paid):\n\n");
    List<String> judged =
        seeds.get(0).allUsers().arms().stream().map(OracleShares.Share::arm).toList();
    md.append("| seed |").append(columns(judged));
    md.append(shareRows(judged, Seed::allUsers));
    if (seeds.size() > 1) {
      md.append("| mean (95 % CI) |");
      for (String arm : judged) {
        md.append(" ")
            .append(shareMean(SeedMargins.mean(seeds, seed -> seed.allUsers().of(arm).retention())))
            .append(" / ")
            .append(
                shareMean(SeedMargins.mean(seeds, seed -> seed.allUsers().of(arm).conversion())))
            .append(" |");
      }
      md.append("\n");
    }
    return md.toString();
  }

  /**
   * @param arms the six arms of the main seed, on the users judged (after the warm-up)
   * @param allUsers the same arms on every user, the warm-up's included
   * @param seeds the margins and shares in the main seed's run, then in each further seed's
   * @param sensitivity the shares on the main seed at each share of sleeping dogs swept, if any
   * @param models what predicted the platform (d)'s decisions for the judged users, seed by seed as
   *     in {@code seeds}
   * @param decisionsByType each platform arm's decisions for the judged users of the main seed, by
   *     response type, by arm name; empty when not read
   */
  Report(
      Comparison.Options options,
      List<ArmResult> arms,
      List<ArmResult> allUsers,
      List<Seed> seeds,
      List<OracleShares> sensitivity,
      List<ModelUse> models,
      Map<String, DecisionsByType> decisionsByType,
      Duration took) {
    this.options = options;
    this.arms = List.copyOf(arms);
    this.allUsers = List.copyOf(allUsers);
    this.seeds = List.copyOf(seeds);
    this.sensitivity = List.copyOf(sensitivity);
    this.models = List.copyOf(models);
    this.decisionsByType = Map.copyOf(decisionsByType);
    if (!this.models.isEmpty() && this.models.size() != this.seeds.size()) {
      throw new IllegalArgumentException("one model count per seed, or none");
    }
    this.took = took;
  }

  void write(Path docs) throws IOException {
    Path charts = docs.resolve("simulation");
    Files.createDirectories(charts);
    List<String> names = arms.stream().map(ArmResult::arm).toList();
    Charts.lines(
        charts.resolve("survival.png"),
        "Users not gone, by day since signup",
        "days since signup",
        "share of users",
        0,
        1,
        arms.stream().map(a -> new Charts.Series(a.arm(), a.survival())).toList());
    Charts.bars(
        charts.resolve("outcomes.png"),
        "30-day outcomes",
        "share",
        1,
        List.of("retention (week 4)", "trial → paid", "churn by day 30"),
        arms.stream()
            .map(
                a ->
                    new Charts.Series(
                        a.arm(), List.of(a.retention30(), a.trialConversion(), a.churn30())))
            .toList());
    double most = arms.stream().mapToDouble(ArmResult::messagesPerUser).max().orElse(1);
    Charts.bars(
        charts.resolve("messages.png"),
        "Messages per user in 30 days",
        "messages per user",
        Math.max(1.01, Math.ceil(most * 1.2)),
        List.of("messages per user"),
        arms.stream().map(a -> new Charts.Series(a.arm(), List.of(a.messagesPerUser()))).toList());
    Files.writeString(docs.resolve("simulation.md"), markdown(names));
  }

  private String markdown(List<String> names) {
    StringBuilder md = new StringBuilder();
    md.append(
        """
        # Simulation: the platform against no messages, a weekly blast, a classic drip and an oracle

        Generated by `./mvnw -q -pl functions/simulator -am verify -Psimulate -DskipTests
        "-Dsimulation.args=%s"` (`functions/simulator`,
        `dev.userwhisperer.simulator.cli.Comparison`); do not edit by hand.

        A population of synthetic users with hidden traits lives through %d signup days and 30 days
        of follow-up each, hour by hour. Messages do not help everyone: a persuadable user is helped
        by a relevant message, an unmoved one lives the same life whatever it is sent, and a
        sleeping dog is pushed away by every message (the model below). The same seeded population,
        with the same random numbers per user, goes through six arms that differ only in who decides
        the messages:

        - **(a) no messages**;
        - **(b) weekly blast**: a newsletter to every subscriber, Tuesdays 15:00 UTC, e-mail;
        - **(c) classic drip**: welcome at signup, tips on day 3, a reminder 3 days before the trial
          ends (if still trialing), a win-back after 14 days without a session; e-mail;
        - **(d) the platform**, started from its runnable jar as a child process and driven only
          through its public HTTP API (`POST /v1/events`, `GET /v1/outbox?after=`, the messages'
          `open`/`click`/`unsubscribe` links, and after the run `GET /v1/users/{id}` for the
          decision log) and the admin clock (`POST /admin/clock/advance`, `POST /admin/drain`).
          It learns each user's e-mail, phone, push token, time zone and
          consent from `identify`, and everything else from the events the users cause
          (`session_started`, `feature_used`, `trial_started` with its end, `subscription_started`,
          `subscription_cancelled`, `payment_failed` / `payment_succeeded`). It never sees a trait.
          It runs reproducible (`whisperer.reproducible=true`): its clock moves only when
          advanced and its pipeline runs only when drained, so a seed gives the same messages
          every time. A test (`SimulatorBoundaryIT`) runs a small population against the real
          process twice, checks that every request went to one of those endpoints and that both
          runs got the same messages at the same times; an ArchUnit test checks that the simulator
          uses no platform class and that one class, `HttpPlatform`, does all its network I/O.
          %s: %s %% of users get no marketing message, the control group it learns uplift from;
        - **(e) the platform without a holdout** (`whisperer.decide.holdout-percent=0`): the same
          policy on every user, which learns no uplift and keeps its priors. It is not judged; it
          shows what the holdout costs;
        - **(f) the oracle**, the one arm told every user's response type and traits: it messages
          the persuadables alone, each on the channel they answer best, at their peak local hour,
          at the moments the other arms share (welcome, a feature tip on day 3, the trial reminder
          3 days before its end and a last call to those who left it unanswered, a win-back after
          5 idle days, a payment notice while a card fails). It is the reference every arm's lift
          is measured against: (arm − no messages) / (oracle − no messages).

        The baselines (b) and (c) are run by the simulator itself, as a classic tool would: they
        see the same events and honour unsubscribes and cancellations.

        """
            .formatted(
                options.args(),
                options.cohortDays(),
                options.holdoutSetting().isPresent()
                    ? "Its global holdout is set for this run"
                    : "It keeps its default global holdout",
                options.holdoutPercent()));
    md.append(
        String.format(
            Locale.ROOT,
            "Run: %,d users, seed %d%s, %s sleeping dogs%s, clock from %s, %d hours per arm%s;"
                + " took %s on this machine (2 cores, shared; the platform arms are nearly all of"
                + " it, %d at a time, each a process of its own).%n%n",
            options.users(),
            options.seed(),
            options.moreSeeds().isEmpty()
                ? ""
                : " (every arm again on seeds "
                    + String.join(", ", options.moreSeeds().stream().map(String::valueOf).toList())
                    + ")",
            pct(options.harmedShare()),
            options.sensitivity().isEmpty()
                ? ""
                : " (and on seed "
                    + options.seed()
                    + " at "
                    + String.join(", ", options.sensitivity().stream().map(Report::pct).toList())
                    + " for the sensitivity table)",
            options.start(),
            (options.cohortDays() + 31) * 24,
            options.platformSettings().isEmpty()
                ? ""
                : "; platform settings: "
                    + String.join(
                        ", ", options.platformSettings().stream().map(s -> "`" + s + "`").toList()),
            human(took),
            options.parallel()));
    md.append(judged());
    md.append("## Results\n\n");
    md.append(resultsTable(arms));
    md.append(verdict());
    md.append(modelsSection());
    md.append(oracleShares());
    md.append(sleepingDogs());
    md.append(byResponseType());
    if (seeds.size() > 1) {
      md.append(acrossSeeds());
    }
    if (!sensitivity.isEmpty()) {
      md.append(sensitivityTables());
    }
    if (options.warmUpDays() > 0) {
      md.append(allUsersSection());
    }
    md.append(
        """

        Retention is a session in days 23–29 after signup; churn is leaving by day 30 (a trial that
        ends without a subscription, a cancellation, a card never fixed); trial → paid is over the
        trial users; messages, opens and clicks are counted inside each user's 30 days; the open
        rate is over e-mail and push (SMS opens are not tracked), the click rate over all messages.

        ![survival](simulation/survival.png)
        ![outcomes](simulation/outcomes.png)
        ![messages](simulation/messages.png)

        ### Messages by intervention

        Send-time fit is the mean timing factor of the messages (see the model below): 1 when a
        message arrives at its user's peak local hour, 0.5 for an e-mail far from it.

        | arm | intervention | sent | opened | clicked | send-time fit |
        |---|---|---:|---:|---:|---:|
        """);
    for (ArmResult a : arms) {
      for (InterventionCount c : a.messagesByIntervention()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %,d | %,d | %.3f |%n",
                a.arm(),
                c.intervention().isEmpty() ? "(none)" : c.intervention(),
                c.sent(),
                c.opened(),
                c.clicked(),
                c.sendTimeFit()));
      }
    }
    md.append(
        """

        ## The model

        Each user has hidden traits drawn from the seed: trial (14 days, then a hard paywall) or
        paid at signup; a time zone (New York, Los Angeles, London, Berlin, Kolkata, Tokyo,
        Sydney); a peak local hour (morning, lunch or evening) with activity spread around it; a
        session rate that decays with a personal half-life; a daily churn hazard; a trial→paid
        propensity; whether push and SMS reach them; per-channel responsiveness; and a fatigue
        sensitivity.

        Every hour a user may start a session (at their rate × how close the hour is to their
        peak). Once a day they may leave: the hazard rises with disengagement (days since the last
        session, and the session rate lost), rises with the messages of the last week beyond the
        first (scaled by fatigue sensitivity), and falls for a week when a relevant message was
        opened. A paying user's card may fail; it gets fixed by the user, by a clicked
        payment-failed message, or the subscription ends after the grace days. At the trial's end
        the user converts with their propensity × engagement (sessions in the trial), higher if a
        trial-ending reminder was opened in the last 4 days.

        A message is answered by the **response model**, the same in every arm, fixed before any
        arm ran:

        - *relevance* of the message's intervention (its template name, e.g. `welcome`,
          `trial_ending`, `winback`, `payment_failed`, `newsletter`) to the user's hidden state at
          delivery: 1 if it fits (welcome in the first 2 days, tips — the drip's `tips`, the
          platform's `onboarding_nudge` and `feature_tip` — in the first week, the trial reminder
          in the trial's last 4 days, an `upgrade_offer` during the trial, a win-back or churn save
          to a disengaged user — 5 idle days or half the session rate lost —, a payment message
          while past due), 0.5 for generic content, 0.3 at the wrong moment, 0 when it does not
          apply;
        - *timing*: how close the local delivery hour is to the user's peak hour;
        - *fatigue*: exp(−sensitivity × messages in the last 7 days);
        - *channel responsiveness* of the user.

        P(open) = responsiveness × timing × fatigue × (0.5 + 0.5 relevance); P(click | open) =
        click-to-open × relevance (SMS: P(click) = responsiveness × timing × fatigue × relevance);
        P(unsubscribe) grows with irrelevance and recent messages. An opened message brings the
        user back for a session with probability 50 % × relevance, a click always does.

        ### Response types

        All of the above is what messages do to a **persuadable** user. Each user also has a hidden
        response type (parameters below):

        - **persuadable**: every effect above, the good (protection, return, reminder lift, a card
          fixed) and the bad (annoyance);
        - **unmoved**: opens and clicks like anyone, so that an open does not reveal the type, but
          lives the same life whatever it is sent: no return, no protection, no lift, no
          annoyance. The sure things and the lost causes of uplift modelling: which of the two a
          user is, is their fate without messages;
        - **sleeping dog**: pushed away by messages: each message of the last 7 days raises the
          daily churn hazard, one in the trial's last 4 days lowers trial → paid, and it
          unsubscribes more often; its opens and clicks bring it nothing. Drawn among the
          non-persuadable, twice as likely for the least active users as for the median one.

        The types come from a random stream of their own: the other traits, and which users are
        persuadable, are the same at every share of sleeping dogs, and a larger share adds
        sleeping dogs to a smaller one's. Only arm (f) is told them; every other arm sees the
        events alone (an ArchUnit test keeps every other messenger from reading a user's traits).

        ### Parameters and their sources

        The public figures are industry benchmark reports as commonly cited (Mailchimp e-mail
        benchmarks, Airship and Business of Apps push benchmarks, Klaviyo / Attentive SMS
        benchmarks, RevenueCat State of Subscription Apps, Recurly churn benchmarks); they calibrate
        the typical case. Parameters marked as assumptions have no public figure: they encode the
        mechanism, not a measurement.

        | parameter | value | meaning | source |
        |---|---|---|---|
        """);
    for (ModelParameters.Row r :
        Comparison.Options.parameters(options.harmedShare(), options.harmScale()).rows()) {
      md.append("| ")
          .append(r.name())
          .append(" | ")
          .append(r.value())
          .append(" | ")
          .append(r.meaning())
          .append(" | ")
          .append(r.source())
          .append(" |\n");
    }
    md.append(
        """

        ## Limits

        - The outcome depends on the response model. Its shape is the claim under test (relevant,
          well-timed, not-too-frequent messages help; others do not), not something the simulation
          proves; its assumed magnitudes are guesses within public ranges.
        - The platform keeps a %s %% holdout that gets no non-transactional message, so arm (d)
          includes users it deliberately does not message; arm (e) shows the policy without it.
        - %s
        - The baselines send e-mail only, as the classic tools they stand for; the platform may use
          push and SMS where a user allowed them.
        - Rates from one population move from seed to seed: the verdict under the main table is
          one population's; the one across seeds, when run, is the one to trust.
        - The shares of the response types and the sleeping dogs' effect sizes are assumptions
          (their sources in the table above say how far public figures go); hence the sensitivity
          table. The types do not depend on what a user does, except that sleeping dogs are likelier
          among the least active: a learner has the users' own answers (a persuadable returns to
          the app after an open, a sleeping dog unsubscribes more, and leaves) and that to go on.
        - The oracle keeps the other arms' moments and picks only whom, which channel and which
          hour: it is a reference, not the best policy possible, and an arm may in principle
          exceed 100 %% of its lift.
        - The app-wide counts the bandits start every user from grow with the population: 2,000
          users hardly move them off their priors, which hid a bias in how they were counted that
          8,000 exposed (docs/design-notes.md, "What 8,000 simulated users showed").
        """
            .formatted(options.holdoutPercent(), coldStart()));
    return md.toString();
  }

  /** What the platform had learned when the judged users arrived. */
  private String coldStart() {
    return options.warmUpDays() == 0
        ? """
          Every arm starts cold: the platform has no outcome to learn from when the first user signs
            up, and its uplift table only fills as the first decisions' 14-day windows close, late
            in the run; the baselines were designed by people who knew these moments beforehand."""
        : """
          The platform starts cold on day 0 and has the warm-up's users to learn from when the
            judged ones arrive, as an app that has collected data; whether its models went live is
            in *Which models decided*. The baselines were designed by people who knew the moments
            that matter beforehand.""";
  }

  private String verdict() {
    ArmResult none = arms.get(0);
    ArmResult blast = arms.get(1);
    ArmResult drip = arms.get(2);
    ArmResult platform = arms.get(3);
    ArmResult everyone = arms.get(4);
    boolean retention =
        platform.retention30() > blast.retention30() && platform.retention30() > drip.retention30();
    boolean conversion =
        platform.trialConversion() > blast.trialConversion()
            && platform.trialConversion() > drip.trialConversion();
    boolean fewer = platform.messagesPerUser() < blast.messagesPerUser();
    double retentionMargin =
        platform.retention30() - Math.max(blast.retention30(), drip.retention30());
    double conversionMargin =
        platform.trialConversion() - Math.max(blast.trialConversion(), drip.trialConversion());
    return String.format(
        Locale.ROOT,
        "%nAgainst its targets: retention above the blast and the drip — %s (%+.1f points over the"
            + " better of them); trial → paid above both — %s (%+.1f points); fewer messages than"
            + " the blast — %s (%.2f against %.2f).%n%n"
            + "Lift of the platform over no messages: retention %+.1f points (%s → %s), trial → paid"
            + " %+.1f points (%s → %s), churn %+.1f points (%s → %s).%n%n"
            + "Without its holdout (e), on every user: retention %s, trial → paid %s, %.2f messages"
            + " per user; the holdout moves the platform's arm by %+.1f points of retention and %+.1f"
            + " of trial → paid.%n%n"
            + "Against the product's claim, relative to no messages: 30-day retention %s (claimed"
            + " +25 %%), trial → paid %s (claimed +20 %%), churn %s (claimed -35 %%). Engagement"
            + " (claimed: twice the industry average): open rate %s, %.1f× the weekly blast's %s,"
            + " the industry-average newsletter of this model (set to open at about Mailchimp's 21"
            + " %%); click rate %s, %.1f× the blast's %s.%n",
        yesNo(retention),
        100 * retentionMargin,
        yesNo(conversion),
        100 * conversionMargin,
        yesNo(fewer),
        platform.messagesPerUser(),
        blast.messagesPerUser(),
        100 * (platform.retention30() - none.retention30()),
        pct(none.retention30()),
        pct(platform.retention30()),
        100 * (platform.trialConversion() - none.trialConversion()),
        pct(none.trialConversion()),
        pct(platform.trialConversion()),
        100 * (platform.churn30() - none.churn30()),
        pct(none.churn30()),
        pct(platform.churn30()),
        pct(everyone.retention30()),
        pct(everyone.trialConversion()),
        everyone.messagesPerUser(),
        100 * (platform.retention30() - everyone.retention30()),
        100 * (platform.trialConversion() - everyone.trialConversion()),
        relative(platform.retention30(), none.retention30()),
        relative(platform.trialConversion(), none.trialConversion()),
        relative(platform.churn30(), none.churn30()),
        pct(platform.openRate()),
        platform.openRate() / blast.openRate(),
        pct(blast.openRate()),
        pct(platform.clickRate()),
        platform.clickRate() / blast.clickRate(),
        pct(blast.clickRate()));
  }

  /** The change from {@code base} to {@code value}, relative to {@code base}: "+16 %". */
  private static String relative(double value, double base) {
    return String.format(Locale.ROOT, "%+.0f %%", 100 * (value / base - 1));
  }

  /** Every arm's share of the oracle's lift on the main seed. */
  private String oracleShares() {
    ArmResult none = arms.get(0);
    ArmResult oracle = arms.get(Comparison.ORACLE);
    OracleShares shares = seeds.get(0).shares();
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n### Share of the oracle's lift%n%n"
                + "Each arm's lift over no messages as a share of the oracle's, (arm − none) /"
                + " (oracle − none), on seed %d with %s sleeping dogs. The oracle lifts 30-day"
                + " retention by %+.1f points (%s → %s) and trial → paid by %+.1f points (%s →"
                + " %s), with %.2f messages per user.%n%n"
                + "| arm | retention lift | share of the oracle's | trial → paid lift | share of the"
                + " oracle's | messages / user |%n|---|---:|---:|---:|---:|---:|%n",
            options.seed(),
            pct(options.harmedShare()),
            shares.oracleRetentionLift(),
            pct(none.retention30()),
            pct(oracle.retention30()),
            shares.oracleConversionLift(),
            pct(none.trialConversion()),
            pct(oracle.trialConversion()),
            oracle.messagesPerUser()));
    for (ArmResult a : arms) {
      if (a == none || a == oracle) {
        continue;
      }
      OracleShares.Share share = shares.of(a.arm());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %+.1f | %s | %+.1f | %s | %.2f |%n",
              a.arm(),
              100 * (a.retention30() - none.retention30()),
              share(share.retention()),
              100 * (a.trialConversion() - none.trialConversion()),
              share(share.conversion()),
              a.messagesPerUser()));
    }
    OracleShares.Share platform = shares.of(Comparison.ARMS.get(Comparison.PLATFORM));
    md.append(
        String.format(
            Locale.ROOT,
            "%nAgainst its target of at least half the oracle's lift, the platform (d): retention"
                + " — %s (%s); trial → paid — %s (%s).%n",
            yesNo(platform.retention() >= 0.5),
            share(platform.retention()),
            yesNo(platform.conversion() >= 0.5),
            share(platform.conversion())));
    return md.toString();
  }

  /** What each arm did to the users whom messages push away, against no messages. */
  private String sleepingDogs() {
    ArmResult none = arms.get(0);
    ArmResult.TypeOutcome unmessaged = none.of(ResponseType.SLEEPING_DOG);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n### The sleeping dogs%n%n"
                + "%,d of the %,d users are sleeping dogs (%,d of them on a trial). Without"
                + " messages %s of them are retained at day 30 and %s of their trials convert."
                + " The change is in points against no messages, the same users with the same"
                + " random numbers.%n%n"
                + "| arm | messages / sleeping dog | retention | vs no messages | trial → paid | vs"
                + " no messages |%n|---|---:|---:|---:|---:|---:|%n",
            unmessaged.users(),
            none.users(),
            unmessaged.trialUsers(),
            pct(unmessaged.retention30()),
            pct(unmessaged.trialConversion())));
    for (ArmResult a : arms) {
      if (a == none) {
        continue;
      }
      ArmResult.TypeOutcome dogs = a.of(ResponseType.SLEEPING_DOG);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %s | %s | %s | %s |%n",
              a.arm(),
              dogs.messagesPerUser(),
              pct(dogs.retention30()),
              points(
                  OracleShares.share(none, arms.get(Comparison.ORACLE), a).sleepingDogRetention()),
              pct(dogs.trialConversion()),
              points(
                  OracleShares.share(none, arms.get(Comparison.ORACLE), a)
                      .sleepingDogConversion())));
    }
    double platform =
        seeds.get(0).shares().of(Comparison.ARMS.get(Comparison.PLATFORM)).sleepingDogRetention();
    md.append(
        String.format(
            Locale.ROOT,
            "%nNo loss of retention among the sleeping dogs against no messages, the platform (d)"
                + " — %s (%s points).%n",
            Double.isNaN(platform) ? "– (none in this run)" : yesNo(platform >= 0),
            points(platform)));
    return md.toString();
  }

  /**
   * Every arm's judged users by hidden response type, and the platform arms' decisions for them by
   * what decide did: whether the gate withholds from the users a message helps.
   */
  private String byResponseType() {
    StringBuilder md =
        new StringBuilder(
            """

            ### By response type

            The simulator knows each user's hidden response type; no arm but the oracle does. The
            first table splits every arm's judged users by it: how many messages each type got and
            what became of them (trial → paid over the type's trial users). The second reads each
            platform arm's decision log back (`GET /v1/users/{id}`) for the judged users' decisions
            within their 30 days that weighed interventions, per user of each type, by what decide
            did: *sent* now or deferred to its hour (a release is not counted again); *gated*, not
            sent because no candidate's expected effect net of the channel's cost was worth a
            message (`no_uplift`); *held out* by the global holdout or an exploration draw;
            *explored*, sent at random past the gate; *other*, not sent for another reason (caps,
            unsubscribes, consent). The gated share is gated / (sent + gated + explored). A gate
            that finds whom a message changes stops few of the persuadables' decisions and many of
            the sleeping dogs'; equal shares mean it cannot tell them apart, and every gated
            persuadable decision is lift the oracle takes and the platform leaves.

            | arm | type | users | messages / user | retention | trial → paid (trial users) |
            |---|---|---:|---:|---:|---:|
            """);
    for (ArmResult a : arms) {
      for (ResponseType type : ResponseType.values()) {
        ArmResult.TypeOutcome t = a.of(type);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %.2f | %s | %s (%,d) |%n",
                a.arm(),
                typeName(type),
                t.users(),
                t.messagesPerUser(),
                pct(t.retention30()),
                pct(t.trialConversion()),
                t.trialUsers()));
      }
    }
    if (decisionsByType.isEmpty()) {
      return md.toString();
    }
    md.append(
        """

        | platform arm | type | users | decisions / user | sent | gated | held out | explored | other | gated share |
        |---|---|---:|---:|---:|---:|---:|---:|---:|---:|
        """);
    for (ArmResult a : arms) {
      DecisionsByType decisions = decisionsByType.get(a.arm());
      if (decisions == null) {
        continue;
      }
      for (ResponseType type : ResponseType.values()) {
        DecisionsByType.Counts c = decisions.of(type);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n",
                a.arm(),
                typeName(type),
                c.users(),
                c.perUser(c.decisions()),
                c.perUser(c.sent()),
                c.perUser(c.gated()),
                c.perUser(c.heldOut()),
                c.perUser(c.explored()),
                c.perUser(c.other()),
                pct(c.gatedShare())));
      }
    }
    return md.toString();
  }

  private static String typeName(ResponseType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** The shares swept over the share of sleeping dogs, on the main seed. */
  private String sensitivityTables() {
    List<String> judged =
        List.of(
            Comparison.ARMS.get(1),
            Comparison.ARMS.get(2),
            Comparison.ARMS.get(Comparison.PLATFORM));
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n### Sensitivity to the share of sleeping dogs%n%n"
                + "Seed %d again, every arm but (e), at each share of sleeping dogs. The persuadables"
                + " are the same users at every share (the sleeping dogs replace unmoved users), so"
                + " the oracle's lift stays put and what moves is what the other arms do to the"
                + " sleeping dogs. Shares of the oracle's lift, (arm − none) / (oracle − none):%n%n"
                + "| sleeping dogs | oracle's lift: retention, trial → paid (points) |",
            options.seed()));
    StringBuilder rule = new StringBuilder("|---:|---:|");
    for (String arm : judged) {
      md.append(" ").append(arm).append(": retention | ").append(arm).append(": trial → paid |");
      rule.append("---:|---:|");
    }
    md.append("\n").append(rule).append("\n");
    for (OracleShares run : sensitivity) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %+.1f, %+.1f |",
              pct(run.sleepingDogShare()),
              run.oracleRetentionLift(),
              run.oracleConversionLift()));
      for (String arm : judged) {
        OracleShares.Share share = run.of(arm);
        md.append(" ")
            .append(share(share.retention()))
            .append(" | ")
            .append(share(share.conversion()))
            .append(" |");
      }
      md.append("\n");
    }
    md.append(
        "\nThe sleeping dogs' 30-day retention under each arm against no messages, in points:\n\n"
            + "| sleeping dogs |");
    md.append(columns(judged));
    for (OracleShares run : sensitivity) {
      md.append("| ").append(pct(run.sleepingDogShare())).append(" |");
      for (String arm : judged) {
        md.append(" ").append(points(run.of(arm).sleepingDogRetention())).append(" |");
      }
      md.append("\n");
    }
    return md.toString();
  }

  /** The margins of every seed, and their paired means: the verdict beyond one population. */
  private String acrossSeeds() {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%n### Across %d seeds%n%n"
                + "One population of %,d users is one draw: its rates move from seed to seed."
                + " Each seed below is a fresh population run through every arm. The"
                + " margins are the platform's over the better of the blast and the drip, in"
                + " points (messages: per user under the blast), for (d) and, not judged, for (e)"
                + " without the holdout; their means are paired by seed, with a 95 %% confidence"
                + " interval (Student's t). A target is shown when the whole interval is above"
                + " zero.%n%n"
                + "| seed | (d) retention | (d) trial → paid | (d) messages under the blast"
                + " | (e) retention | (e) trial → paid | (e) messages under the blast |%n"
                + "|---:|---:|---:|---:|---:|---:|---:|%n",
            seeds.size(),
            options.users()));
    for (Seed seed : seeds) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s |%n",
              seed.platform().seed(),
              cells(seed.platform()),
              cells(seed.everyone())));
    }
    List<SeedMargins> platform = seeds.stream().map(Seed::platform).toList();
    List<SeedMargins> everyone = seeds.stream().map(Seed::everyone).toList();
    md.append("| mean (95 % CI) | ")
        .append(means(platform))
        .append(" | ")
        .append(means(everyone))
        .append(" |\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Over the seeds, the platform (d): retention above the blast and the drip — %s;"
                + " trial → paid above both — %s; fewer messages than the blast — %s. Without its"
                + " holdout (e): %s; %s; %s.%n",
            shownOrNot(SeedMargins.mean(platform, SeedMargins::retention)),
            shownOrNot(SeedMargins.mean(platform, SeedMargins::conversion)),
            shownOrNot(SeedMargins.mean(platform, SeedMargins::messagesUnderBlast)),
            shownOrNot(SeedMargins.mean(everyone, SeedMargins::retention)),
            shownOrNot(SeedMargins.mean(everyone, SeedMargins::conversion)),
            shownOrNot(SeedMargins.mean(everyone, SeedMargins::messagesUnderBlast))));
    md.append(sharesAcrossSeeds());
    return md.toString();
  }

  /** One row per seed: each judged arm's shares (retention / trial → paid) of {@code shares}. */
  private String shareRows(List<String> judged, Function<Seed, OracleShares> shares) {
    StringBuilder md = new StringBuilder();
    for (Seed seed : seeds) {
      md.append("| ").append(shares.apply(seed).seed()).append(" |");
      for (String arm : judged) {
        OracleShares.Share share = shares.apply(seed).of(arm);
        md.append(" ")
            .append(share(share.retention()))
            .append(" / ")
            .append(share(share.conversion()))
            .append(" |");
      }
      md.append("\n");
    }
    return md.toString();
  }

  /** Every arm's shares of the oracle's lift and sleeping dogs' retention, seed by seed. */
  private String sharesAcrossSeeds() {
    List<String> judged =
        seeds.get(0).shares().arms().stream().map(OracleShares.Share::arm).toList();
    StringBuilder md = new StringBuilder();
    md.append(
        "\nEach arm's share of the oracle's lift, seed by seed (retention / trial → paid), and the"
            + " mean over the seeds with its 95 % confidence interval:\n\n| seed |");
    md.append(columns(judged));
    md.append(shareRows(judged, Seed::shares));
    md.append("| mean (95 % CI) |");
    for (String arm : judged) {
      md.append(" ")
          .append(shareMean(meanOver(arm, OracleShares.Share::retention)))
          .append(" / ")
          .append(shareMean(meanOver(arm, OracleShares.Share::conversion)))
          .append(" |");
    }
    md.append(
        "\n\nThe sleeping dogs' 30-day retention against no messages, in points:\n\n| seed |");
    md.append(columns(judged));
    for (Seed seed : seeds) {
      md.append("| ").append(seed.shares().seed()).append(" |");
      for (String arm : judged) {
        md.append(" ").append(points(seed.shares().of(arm).sleepingDogRetention())).append(" |");
      }
      md.append("\n");
    }
    md.append("| mean (95 % CI) |");
    for (String arm : judged) {
      SeedMargins.Mean m = meanOver(arm, OracleShares.Share::sleepingDogRetention);
      md.append(
          String.format(
              Locale.ROOT,
              " %s (%s to %s) |",
              points(m.mean()),
              points(m.low()),
              points(m.high())));
    }
    String platform = Comparison.ARMS.get(Comparison.PLATFORM);
    SeedMargins.Mean retention = meanOver(platform, OracleShares.Share::retention);
    SeedMargins.Mean conversion = meanOver(platform, OracleShares.Share::conversion);
    SeedMargins.Mean dogs = meanOver(platform, OracleShares.Share::sleepingDogRetention);
    md.append(
        String.format(
            Locale.ROOT,
            "%n%nOver the seeds, the platform (d): at least half the oracle's lift in retention —"
                + " %s; in trial → paid — %s; no loss of retention among the sleeping dogs — %s."
                + " A target is shown when the whole interval is on its side.%n",
            atLeast(retention, 0.5),
            atLeast(conversion, 0.5),
            atLeast(dogs, 0)));
    return md.toString();
  }

  /** The rest of a header row whose first column is written: one column per arm, and the rule. */
  private static String columns(List<String> arms) {
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder("|---:|");
    for (String arm : arms) {
      header.append(" ").append(arm).append(" |");
      rule.append("---:|");
    }
    return header.append("\n").append(rule).append("\n").toString();
  }

  private SeedMargins.Mean meanOver(String arm, ToDoubleFunction<OracleShares.Share> value) {
    return SeedMargins.mean(seeds, seed -> value.applyAsDouble(seed.shares().of(arm)));
  }

  private static String atLeast(SeedMargins.Mean m, double target) {
    if (Double.isNaN(m.mean())) {
      return "– (undefined)";
    }
    if (m.low() >= target) {
      return "**shown**";
    }
    return m.high() < target ? "**no**" : "**not shown** (the interval includes the target)";
  }

  private static String shareMean(SeedMargins.Mean m) {
    return String.format(
        Locale.ROOT, "%s (%s to %s)", share(m.mean()), share(m.low()), share(m.high()));
  }

  /** A share of the oracle's lift: "54 %", "–" when undefined. */
  static String share(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  /** A change in points: "+1.2", "–" when undefined. */
  static String points(double points) {
    return Double.isNaN(points) ? "–" : String.format(Locale.ROOT, "%+.1f", points);
  }

  private static String cells(SeedMargins m) {
    return String.format(
        Locale.ROOT,
        "%+.1f | %+.1f | %+.2f",
        m.retention(),
        m.conversion(),
        m.messagesUnderBlast());
  }

  private static String means(List<SeedMargins> runs) {
    SeedMargins.Mean retention = SeedMargins.mean(runs, SeedMargins::retention);
    SeedMargins.Mean conversion = SeedMargins.mean(runs, SeedMargins::conversion);
    SeedMargins.Mean messages = SeedMargins.mean(runs, SeedMargins::messagesUnderBlast);
    return String.format(
        Locale.ROOT,
        "%+.1f (%+.1f to %+.1f) | %+.1f (%+.1f to %+.1f) | %+.2f (%+.2f to %+.2f)",
        retention.mean(),
        retention.low(),
        retention.high(),
        conversion.mean(),
        conversion.low(),
        conversion.high(),
        messages.mean(),
        messages.low(),
        messages.high());
  }

  private static String shownOrNot(SeedMargins.Mean m) {
    if (m.shown()) {
      return "**shown**";
    }
    return m.high() < 0 ? "**no**" : "**not shown** (the interval includes zero)";
  }

  private static String yesNo(boolean b) {
    return b ? "**yes**" : "**no**";
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  private static String human(Duration d) {
    return d.toMinutes() > 0
        ? String.format(Locale.ROOT, "%d min %d s", d.toMinutes(), d.toSecondsPart())
        : d.toSeconds() + " s";
  }
}
