package dev.userwhisperer.core.compose.compliance;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.LinkDomains;
import dev.userwhisperer.core.compose.DraftSchema;
import dev.userwhisperer.core.compose.MessageAssembler;
import dev.userwhisperer.core.message.Channel;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a message against every {@link ComplianceRule} of its channel before it leaves. Pure: the
 * message, the app's configuration and what is known of the recipient in, the violations out.
 */
public final class ComplianceGate {
  public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
  public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
  public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

  /** Segments an SMS may take when the app sets no {@code channels.sms.maxSmsSegments}. */
  public static final int DEFAULT_MAX_SMS_SEGMENTS = 3;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|}}");
  private static final Pattern EMAIL_ADDRESS =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?\\d[\\d ().-]{7,}\\d");
  private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>)]+");

  private final LanguageDetector languages;

  public ComplianceGate(LanguageDetector languages) {
    this.languages = Objects.requireNonNull(languages, "languages");
  }

  /**
   * A message as compose is about to send it.
   *
   * @param marketing false for a transactional message (no unsubscribe or legal footer needed)
   * @param copy the writer's text alone (no footer, links or notices), for the language check
   * @param headers the e-mail headers compose sets
   * @param unsubscribeUrl the message's own unsubscribe link
   * @param platformHost the host of the platform's signed links (unsubscribe, open pixel, tracked
   *     clicks, whose targets must be allowed themselves)
   * @param language the BCP 47 tag the message is written in
   * @param personalData what must not appear, by kind ({@code email}, {@code phone}, {@code
   *     userId}, {@code lastName}); the first name is not in it
   * @param firstSms whether this is the first SMS the user gets
   * @param smsOptOut the opt-out notice an SMS must carry at first contact
   */
  public record Message(
      AppConfigRevision app,
      Channel channel,
      boolean marketing,
      String subject,
      String title,
      String body,
      String html,
      String copy,
      Map<String, String> headers,
      String unsubscribeUrl,
      String platformHost,
      String language,
      Map<String, String> personalData,
      boolean firstSms,
      String smsOptOut) {
    public Message {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(body, "body");
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      personalData = personalData == null ? Map.of() : Map.copyOf(personalData);
    }

    Stream<String> texts() {
      return Stream.of(subject, title, body, html).filter(Objects::nonNull);
    }
  }

  public List<ComplianceViolation> check(Message m) {
    List<ComplianceViolation> out = new ArrayList<>();
    AppConfig config = m.app().config();
    if (m.texts().anyMatch(t -> PLACEHOLDER.matcher(t).find())) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.UNFILLED_PLACEHOLDER, "a {{placeholder}} is left"));
    }
    personalData(m, out);
    for (String phrase : config.bannedPhrases()) {
      Pattern banned =
          Pattern.compile(
              "(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])",
              Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      if (m.texts().anyMatch(t -> banned.matcher(t).find())) {
        out.add(new ComplianceViolation(ComplianceRule.BANNED_PHRASE, "uses '" + phrase + "'"));
      }
    }
    links(m, config, out);
    switch (m.channel()) {
      case EMAIL -> email(m, config, out);
      case SMS -> sms(m, config, out);
      case PUSH -> push(m, out);
    }
    language(m, config, out);
    return List.copyOf(out);
  }

  private static void personalData(Message m, List<ComplianceViolation> out) {
    m.personalData()
        .forEach(
            (kind, value) -> {
              if (value != null && value.strip().length() >= 3) {
                String needle = value.strip().toLowerCase(Locale.ROOT);
                if (m.texts().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(needle))) {
                  out.add(
                      new ComplianceViolation(
                          ComplianceRule.PERSONAL_DATA, "holds the user's " + kind));
                }
              }
            });
    if (m.texts().anyMatch(t -> EMAIL_ADDRESS.matcher(t).find())) {
      out.add(new ComplianceViolation(ComplianceRule.PERSONAL_DATA, "holds an e-mail address"));
    }
    if (Stream.of(m.subject(), m.title(), m.body())
        .filter(Objects::nonNull)
        .anyMatch(t -> PHONE_NUMBER.matcher(URL.matcher(t).replaceAll("")).find())) {
      out.add(new ComplianceViolation(ComplianceRule.PERSONAL_DATA, "holds a phone number"));
    }
  }

  private static void links(Message m, AppConfig config, List<ComplianceViolation> out) {
    m.texts()
        .flatMap(t -> URL.matcher(t).results().map(r -> r.group()))
        .map(ComplianceGate::unescapeHtml)
        .distinct()
        .forEach(
            link -> {
              URI uri = uri(link);
              String host = uri == null ? null : uri.getHost();
              boolean platform = host != null && host.equalsIgnoreCase(m.platformHost());
              if (platform) {
                clickTarget(uri).ifPresent(target -> linkDomain(m, config, uri(target), out));
              } else {
                linkDomain(m, config, uri, out);
              }
            });
  }

  /**
   * A link must lead to the app's allowed domains or to the platform's own links; a tracked click
   * link of the platform is checked by where it leads.
   */
  private static void linkDomain(
      Message m, AppConfig config, URI uri, List<ComplianceViolation> out) {
    String host = uri == null ? null : uri.getHost();
    boolean platform = host != null && host.equalsIgnoreCase(m.platformHost());
    if (!platform && !LinkDomains.allowed(config.allowedLinkDomains(), host)) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.LINK_DOMAIN, "links to " + host + ", outside the allowed domains"));
    }
  }

  /** Where a platform click link ({@code …/click?u=<target>}) leads. */
  private static Optional<String> clickTarget(URI uri) {
    String query = uri.getRawQuery();
    if (uri.getPath() == null || !uri.getPath().endsWith("/click") || query == null) {
      return Optional.empty();
    }
    return Arrays.stream(query.split("&"))
        .filter(p -> p.startsWith("u="))
        .map(p -> URLDecoder.decode(p.substring(2), StandardCharsets.UTF_8))
        .findFirst();
  }

  private static URI uri(String link) {
    try {
      return URI.create(link);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  /** A URL as an HTML attribute holds it: the layout escapes {@code & ' " =}. */
  private static String unescapeHtml(String link) {
    return link.replace("&#x3D;", "=")
        .replace("&#61;", "=")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  private static void email(Message m, AppConfig config, List<ComplianceViolation> out) {
    if (!m.marketing()) {
      return;
    }
    String url = m.unsubscribeUrl();
    List<String> missing = new ArrayList<>();
    if (url == null || !m.body().contains(url)) {
      missing.add("the text's unsubscribe link");
    }
    if (url == null || m.html() == null || !m.html().contains(url)) {
      missing.add("the HTML's unsubscribe link");
    }
    String header = m.headers().get(LIST_UNSUBSCRIBE);
    if (header == null || url == null || !header.contains("<" + url + ">")) {
      missing.add(LIST_UNSUBSCRIBE);
    }
    if (!ONE_CLICK.equals(m.headers().get(LIST_UNSUBSCRIBE_POST))) {
      missing.add(LIST_UNSUBSCRIBE_POST);
    }
    if (!missing.isEmpty()) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.UNSUBSCRIBE, "missing " + String.join(", ", missing)));
    }
    if (m.app().version() > AppConfigRevision.BUILT_IN
        && (config.legal() == null || !m.body().contains(config.legal().postalAddress()))) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.LEGAL_FOOTER, "no postal address (configure legal.postalAddress)"));
    }
  }

  private static void sms(Message m, AppConfig config, List<ComplianceViolation> out) {
    int max =
        config
            .channel("sms")
            .map(AppConfig.ChannelSettings::maxSmsSegments)
            .orElse(DEFAULT_MAX_SMS_SEGMENTS);
    int segments = SmsSegments.count(m.body());
    if (segments > max) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.SMS_SEGMENTS,
              segments
                  + " segments ("
                  + (SmsSegments.isGsm7(m.body()) ? "GSM-7" : "UCS-2")
                  + "), the limit is "
                  + max));
    }
    if (m.firstSms() && (m.smsOptOut() == null || !m.body().contains(m.smsOptOut()))) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.SMS_OPT_OUT, "the first SMS lacks the opt-out notice"));
    }
  }

  private static void push(Message m, List<ComplianceViolation> out) {
    if (m.title() == null
        || m.title().isBlank()
        || m.title().length() > DraftSchema.PUSH_TITLE_MAX) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.PUSH_LIMITS,
              "the title is empty or over " + DraftSchema.PUSH_TITLE_MAX));
    }
    if (m.body().length() > MessageAssembler.PUSH_MAX_CHARS) {
      out.add(
          new ComplianceViolation(
              ComplianceRule.PUSH_LIMITS, "the body is over " + MessageAssembler.PUSH_MAX_CHARS));
    }
  }

  private void language(Message m, AppConfig config, List<ComplianceViolation> out) {
    if (m.copy() == null || m.language() == null) {
      return;
    }
    String expected = Locale.forLanguageTag(m.language()).getLanguage();
    languages
        .detect(m.copy(), config.languages().offered())
        .filter(found -> !found.equals(expected))
        .ifPresent(
            found ->
                out.add(
                    new ComplianceViolation(
                        ComplianceRule.LANGUAGE, "written in " + found + ", not " + expected)));
  }
}
