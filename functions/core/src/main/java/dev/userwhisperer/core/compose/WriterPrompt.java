package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an LLM writer is asked: a system instruction with the app's voice and the rules, and the
 * facts of one request as JSON. Built from a {@link ContentRequest} only, so it holds the app's
 * configuration and the user's situation in coarse terms and nothing personal: the user's name
 * appears as the placeholder {@value Draft#FIRST_NAME}, filled in after generation.
 */
public record WriterPrompt(String system, String user, Map<String, Object> responseSchema) {

  /** What each intervention is for, as the writer is told. */
  static final Map<String, String> GOALS =
      Map.of(
          "welcome",
              "welcome a user who has just signed up and get them to their first useful action",
          "onboarding_nudge", "bring back a user who signed up but has not finished setting up",
          "feature_tip", "show an active user one feature they have not found yet",
          "trial_ending", "tell a trial user their trial ends soon and what keeping access costs",
          "upgrade_offer", "offer a paid plan to a user who gets a lot out of the free one",
          "payment_failed",
              "ask a subscriber to update a payment method that failed (transactional)",
          "winback", "bring back a user who has not been active for a while",
          "churn_save", "help a user who seems about to leave, and ask what gets in their way");

  public WriterPrompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(responseSchema, "responseSchema");
  }

  public static WriterPrompt of(ContentRequest request) {
    AppConfig config = request.app().config();
    String language =
        Locale.forLanguageTag(request.language()).getDisplayName(Locale.ENGLISH)
            + " ("
            + request.language()
            + ")";
    String product =
        config.product().name().isBlank() ? "the app (unnamed)" : config.product().name();
    StringBuilder system = new StringBuilder();
    system
        .append("You write one ")
        .append(channelName(request.channel()))
        .append(" for ")
        .append(product)
        .append(", a subscription app, to one of its users. Write in ")
        .append(language)
        .append(".\n");
    if (config.product().valueLine() != null) {
      system.append("What the app does: ").append(config.product().valueLine()).append(".\n");
    }
    system
        .append("Voice: ")
        .append(Objects.requireNonNullElse(config.voice().tone(), "clear"))
        .append(".");
    if (config.voice().guidelines() != null) {
      system.append(' ').append(config.voice().guidelines());
    }
    system.append("\nAngle: ").append(ContentVariants.angle(request.variant()));
    system.append(
        "\nLength limits (characters): "
            + DraftSchema.maxLengths(request.channel())
            + ".\nRules: use only the facts given; never invent features, prices, discounts, deadlines or"
            + " links, and write no URL (links are added after you). To greet the reader by name,"
            + " write the placeholder {{firstName}} exactly, at most once; write no other"
            + " placeholder and no personal data. Do not promise results. Keep to the length"
            + " limits.");
    if (!config.bannedPhrases().isEmpty()) {
      system
          .append(" Never use these words or phrases: ")
          .append(String.join(", ", config.bannedPhrases()))
          .append('.');
    }
    if (request.channel() == Channel.SMS) {
      system.append(" Plain text only; the opt-out notice is added after you.");
    }
    return new WriterPrompt(
        system.toString(),
        Json.encodeToString(facts(request)),
        DraftSchema.forChannel(request.channel()));
  }

  private static Map<String, Object> facts(ContentRequest request) {
    AppConfig config = request.app().config();
    Situation situation = request.situation();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("intervention", request.intervention());
    facts.put("goal", GOALS.getOrDefault(request.intervention(), request.intervention()));
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("lifecycleStage", situation.stage().name().toLowerCase(Locale.ROOT));
    user.put("engagement", situation.engagement());
    user.put("engagementDrivers", situation.engagementDrivers());
    user.put(
        "featuresUsed",
        config.features().stream()
            .filter(f -> situation.featuresUsed().contains(f.key()))
            .map(f -> f.in(request.language()).name())
            .toList());
    if (situation.nextFeature() != null) {
      AppConfig.Feature feature = situation.nextFeature().in(request.language());
      Map<String, Object> next = new LinkedHashMap<>();
      next.put("name", feature.name());
      next.put("whatItDoes", feature.description());
      user.put("featureNotYetFound", next);
    }
    if (situation.trialDaysLeft() != null) {
      user.put("trialDaysLeft", situation.trialDaysLeft());
    }
    facts.put("user", user);
    List<Map<String, Object>> plans =
        config.plans().stream()
            .map(
                p -> {
                  Map<String, Object> plan = new LinkedHashMap<>();
                  plan.put("name", p.name());
                  plan.put("price", CopyValues.price(p, request.language()));
                  plan.put("per", p.period());
                  return plan;
                })
            .toList();
    if (!plans.isEmpty()
        && List.of("trial_ending", "upgrade_offer").contains(request.intervention())) {
      facts.put("plans", plans);
    }
    return facts;
  }

  private static String channelName(Channel channel) {
    return switch (channel) {
      case EMAIL -> "marketing e-mail";
      case SMS -> "SMS";
      case PUSH -> "push notification";
    };
  }
}
