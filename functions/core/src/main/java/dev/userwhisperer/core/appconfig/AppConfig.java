package dev.userwhisperer.core.appconfig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an app is, as its messages must say it: the document {@code PUT /v1/apps/{appId}/config}
 * stores, valid against {@code schema/app-config.v1.schema.json} ({@link AppConfigValidator}).
 * Collections are never null (absent reads as empty).
 *
 * @param product the product's name and one-line value
 * @param voice tone and guidelines for whoever writes the copy (the LLM writers' prompt)
 * @param features the feature catalogue tips and onboarding draw on, most important first
 * @param plans plans and prices for upgrade and trial messages, cheapest first
 * @param senders who messages come from, per channel
 * @param legal the legal footer of marketing e-mail
 * @param languages languages offered and the default
 * @param bannedPhrases words and claims never to use, matched case-insensitively
 * @param allowedLinkDomains hosts (and their subdomains) links may point to
 * @param interventions per intervention: on/off and its call-to-action link
 * @param channels per channel ({@code email}, {@code sms}, {@code push}): cost and caps
 */
@JsonInclude(Include.NON_NULL)
public record AppConfig(
    Product product,
    Voice voice,
    List<Feature> features,
    List<Plan> plans,
    Senders senders,
    Legal legal,
    Languages languages,
    List<String> bannedPhrases,
    List<String> allowedLinkDomains,
    Map<String, InterventionSettings> interventions,
    Map<String, ChannelSettings> channels) {

  public AppConfig {
    Objects.requireNonNull(product, "product");
    voice = Objects.requireNonNullElse(voice, Voice.NEUTRAL);
    features = features == null ? List.of() : List.copyOf(features);
    plans = plans == null ? List.of() : List.copyOf(plans);
    senders = Objects.requireNonNullElse(senders, Senders.NONE);
    languages = Objects.requireNonNullElse(languages, Languages.ENGLISH);
    bannedPhrases = bannedPhrases == null ? List.of() : List.copyOf(bannedPhrases);
    allowedLinkDomains = allowedLinkDomains == null ? List.of() : List.copyOf(allowedLinkDomains);
    interventions = interventions == null ? Map.of() : Map.copyOf(interventions);
    channels = channels == null ? Map.of() : Map.copyOf(channels);
  }

  @JsonInclude(Include.NON_NULL)
  public record Product(String name, String valueLine) {
    public Product {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * @param tone a few words, e.g. {@code warm, playful}
   * @param guidelines free text for the writer, e.g. "second person, no exclamation marks"
   */
  @JsonInclude(Include.NON_NULL)
  public record Voice(String tone, String guidelines) {
    public static final Voice NEUTRAL = new Voice("friendly, clear", null);
  }

  /**
   * @param key the name the app's {@code feature_used} events carry
   * @param name as users see it, in the app's default language
   * @param description what it does for the user, one sentence
   * @param deepLink where it opens
   * @param translations name and description per BCP 47 tag, for users in other languages
   */
  @JsonInclude(Include.NON_NULL)
  public record Feature(
      String key,
      String name,
      String description,
      String deepLink,
      Map<String, FeatureText> translations) {
    public Feature {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(name, "name");
      translations = translations == null ? Map.of() : Map.copyOf(translations);
    }

    public Feature(String key, String name, String description, String deepLink) {
      this(key, name, description, deepLink, Map.of());
    }

    /**
     * This feature as a user of {@code language} sees it: the translation of that tag, else of its
     * language ({@code pt} for {@code pt-BR}), else as configured. A translation without a
     * description keeps none (the configured one is in another language).
     */
    public Feature in(String language) {
      FeatureText text = translations.get(language);
      if (text == null) {
        String base = Locale.forLanguageTag(language).getLanguage();
        text =
            translations.entrySet().stream()
                .filter(e -> Locale.forLanguageTag(e.getKey()).getLanguage().equals(base))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
      }
      return text == null
          ? this
          : new Feature(key, text.name(), text.description(), deepLink, translations);
    }
  }

  /** A feature's name and description in one language. */
  @JsonInclude(Include.NON_NULL)
  public record FeatureText(String name, String description) {
    public FeatureText {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * @param price the amount, e.g. {@code 9.99}
   * @param currency ISO 4217, e.g. {@code EUR}
   * @param period {@code month} or {@code year}
   */
  @JsonInclude(Include.NON_NULL)
  public record Plan(String key, String name, BigDecimal price, String currency, String period) {
    public Plan {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(name, "name");
      price = Objects.requireNonNull(price, "price").stripTrailingZeros();
      Objects.requireNonNull(currency, "currency");
      Objects.requireNonNull(period, "period");
    }
  }

  @JsonInclude(Include.NON_NULL)
  public record Senders(EmailSender email, SmsSender sms, PushSender push) {
    public static final Senders NONE = new Senders(null, null, null);
  }

  @JsonInclude(Include.NON_NULL)
  public record EmailSender(String fromName, String fromAddress, String replyTo) {}

  /**
   * @param from a phone number in E.164 or an alphanumeric sender id
   */
  @JsonInclude(Include.NON_NULL)
  public record SmsSender(String from) {}

  /**
   * @param title the default title of a push notification (usually the product name)
   */
  @JsonInclude(Include.NON_NULL)
  public record PushSender(String title) {}

  /**
   * @param postalAddress required by CAN-SPAM and its kin in marketing e-mail
   */
  @JsonInclude(Include.NON_NULL)
  public record Legal(String companyName, String postalAddress) {}

  /**
   * @param offered BCP 47 tags, e.g. {@code en}, {@code pt-BR}
   * @param defaultLanguage one of {@code offered}
   */
  @JsonInclude(Include.NON_NULL)
  public record Languages(List<String> offered, String defaultLanguage) {
    public static final Languages ENGLISH = new Languages(List.of("en"), "en");

    public Languages {
      offered = offered == null ? List.of() : List.copyOf(offered);
      Objects.requireNonNull(defaultLanguage, "defaultLanguage");
    }

    /** Whether {@code tag} is offered, comparing case-insensitively. */
    public boolean offers(String tag) {
      return offered.stream().anyMatch(o -> o.equalsIgnoreCase(tag));
    }
  }

  /**
   * @param enabled false turns the intervention off for this app: decide does not offer it (its
   *     decisions say {@code intervention_off}) and compose does not write it
   * @param ctaUrl where the message's call to action leads
   * @param pinnedVariant the content variant every message of the intervention gets, instead of the
   *     one the variant bandit would choose; null to let it choose
   * @param retiredVariants content variants the intervention no longer uses
   * @param gatedExplorationPercent the share (0 to 20) of the intervention's decisions that the
   *     uplift gate stops which decide sends at random instead, so that its model's negative
   *     predictions are checked; null for the platform's share ({@code
   *     DecisionPolicy#gatedExplorationPercent}, 5), 0 for none
   */
  @JsonInclude(Include.NON_NULL)
  public record InterventionSettings(
      boolean enabled,
      String ctaUrl,
      String pinnedVariant,
      List<String> retiredVariants,
      Integer gatedExplorationPercent) {
    /** The most an app may set: exploration beside the gate costs the users it reaches. */
    public static final int MAX_GATED_EXPLORATION_PERCENT = 20;

    public InterventionSettings {
      retiredVariants = retiredVariants == null ? List.of() : List.copyOf(retiredVariants);
      if (gatedExplorationPercent != null
          && (gatedExplorationPercent < 0
              || gatedExplorationPercent > MAX_GATED_EXPLORATION_PERCENT)) {
        throw new IllegalArgumentException(
            "gatedExplorationPercent must be within 0.."
                + MAX_GATED_EXPLORATION_PERCENT
                + ": "
                + gatedExplorationPercent);
      }
    }

    public InterventionSettings(
        boolean enabled, String ctaUrl, String pinnedVariant, List<String> retiredVariants) {
      this(enabled, ctaUrl, pinnedVariant, retiredVariants, null);
    }

    public InterventionSettings(boolean enabled, String ctaUrl) {
      this(enabled, ctaUrl, null, List.of());
    }
  }

  /**
   * @param costPerMessage what one message costs the app, in US dollars
   * @param dailyCap at most this many messages a day on the channel per user, null for the
   *     platform's caps
   * @param maxSmsSegments SMS only: the longest message, in segments (1 to 10)
   */
  @JsonInclude(Include.NON_NULL)
  public record ChannelSettings(
      BigDecimal costPerMessage, Integer dailyCap, Integer maxSmsSegments) {
    public ChannelSettings {
      costPerMessage = costPerMessage == null ? null : costPerMessage.stripTrailingZeros();
    }
  }

  /** The settings of {@code intervention}, if the app configured any. */
  public Optional<InterventionSettings> intervention(String intervention) {
    return Optional.ofNullable(interventions.get(intervention));
  }

  /** Whether the app lets {@code intervention} be sent (on unless configured off). */
  public boolean enabled(String intervention) {
    return intervention(intervention).map(InterventionSettings::enabled).orElse(true);
  }

  /**
   * The content variants the bandit chooses among for {@code intervention}: the pinned one alone,
   * else every {@link ContentVariants#BUILT_IN built-in} variant that is not retired.
   */
  public List<String> variants(String intervention) {
    Optional<InterventionSettings> settings = intervention(intervention);
    String pinned = settings.map(InterventionSettings::pinnedVariant).orElse(null);
    if (pinned != null) {
      return List.of(pinned);
    }
    List<String> retired = settings.map(InterventionSettings::retiredVariants).orElse(List.of());
    return ContentVariants.BUILT_IN.stream().filter(v -> !retired.contains(v)).toList();
  }

  public Optional<ChannelSettings> channel(String wireName) {
    return Optional.ofNullable(channels.get(wireName.toLowerCase(Locale.ROOT)));
  }
}
