package dev.userwhisperer.core.compose;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.userwhisperer.core.appconfig.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a writer's {@link Draft} into what the user receives: the first name filled in (escaped in
 * HTML), and around the copy what no writer decides: the call-to-action link, the e-mail footer
 * with the unsubscribe link and the app's legal footer, the SMS opt-out notice, the push title and
 * length. The e-mail's HTML part is laid out by {@value #EMAIL_LAYOUT} with every value
 * HTML-escaped; its call to action goes through the message's tracked click link and it carries the
 * open pixel, while the text part links the call to action's own URL.
 */
public final class MessageAssembler {
  public static final int PUSH_MAX_CHARS = 120;
  static final String EMAIL_LAYOUT = "templates/content/email.html.mustache";

  private static final Template HTML =
      Mustache.compiler().escapeHTML(true).nullValue("").compile(resource(EMAIL_LAYOUT));

  /** The parts of an assembled message; null where the channel has none. */
  public record Assembled(String subject, String title, String body, String html) {}

  /**
   * @param firstName the recipient's first name, null or blank when unknown
   * @param links the message's own signed links
   */
  public Assembled assemble(
      ContentRequest request,
      TemplateBundle bundle,
      Draft draft,
      String firstName,
      MessageLinks links) {
    Map<String, Object> values = CopyValues.of(request, bundle);
    String name = firstName == null || firstName.isBlank() ? null : firstName.strip();
    String body = fill(draft.body(), name);
    AppConfig config = request.app().config();
    return switch (request.channel()) {
      case EMAIL -> email(request, bundle, draft, values, name, body, links, config);
      case SMS -> new Assembled(null, null, body + " " + bundle.phrase("smsOptOut", values), null);
      case PUSH -> {
        String title =
            draft.title() != null && !draft.title().isBlank()
                ? fill(draft.title(), name)
                : config.senders().push() != null && config.senders().push().title() != null
                    ? config.senders().push().title()
                    : (String) values.get("product");
        yield new Assembled(
            null,
            title,
            body.length() <= PUSH_MAX_CHARS ? body : body.substring(0, PUSH_MAX_CHARS - 1) + "…",
            null);
      }
    };
  }

  private static Assembled email(
      ContentRequest request,
      TemplateBundle bundle,
      Draft draft,
      Map<String, Object> values,
      String name,
      String body,
      MessageLinks links,
      AppConfig config) {
    String ctaUrl = ctaUrl(request, values);
    String cta = draft.cta() == null || draft.cta().isBlank() ? null : fill(draft.cta(), name);
    String footer = bundle.phrase("emailFooter", values).strip();
    String unsubscribe = bundle.phrase("unsubscribe", values).strip();
    String legal = legal(config);
    StringBuilder text = new StringBuilder(body);
    if (cta != null && ctaUrl != null) {
      text.append("\n\n").append(cta).append(": ").append(ctaUrl);
    }
    text.append("\n\n--\n").append(footer).append(' ').append(unsubscribe).append(": ");
    text.append(links.unsubscribe());
    if (legal != null) {
      text.append('\n').append(legal);
    }
    Map<String, Object> layout = new HashMap<>();
    layout.put("language", bundle.language());
    layout.put("preheader", draft.preheader() == null ? null : fill(draft.preheader(), name));
    layout.put("paragraphs", Arrays.stream(body.split("\n\\s*\n")).map(String::strip).toList());
    layout.put(
        "cta",
        cta != null && ctaUrl != null
            ? Map.of("label", cta, "url", links.click().apply(ctaUrl))
            : null);
    layout.put("footer", footer);
    layout.put("unsubscribeUrl", links.unsubscribe());
    layout.put("openPixel", links.openPixel());
    layout.put("unsubscribe", unsubscribe);
    layout.put("legal", legal);
    return new Assembled(fill(draft.subject(), name), null, text.toString(), HTML.execute(layout));
  }

  private static String ctaUrl(ContentRequest request, Map<String, Object> values) {
    Object configured = values.get("ctaUrl");
    if (configured != null) {
      return (String) configured;
    }
    return values.get("feature") instanceof Map<?, ?> feature ? (String) feature.get("link") : null;
  }

  private static String legal(AppConfig config) {
    if (config.legal() == null) {
      return null;
    }
    return List.of(
            Objects.requireNonNullElse(config.legal().companyName(), ""),
            config.legal().postalAddress())
        .stream()
        .filter(s -> !s.isBlank())
        .reduce((a, b) -> a + ", " + b)
        .orElse(null);
  }

  /**
   * Fills the first-name placeholder; the HTML layout escapes the result like any value. Without a
   * name the placeholder goes with its separator: "Hi {{firstName}}," reads "Hi,", "{{firstName}},
   * can we help?" reads "Can we help?".
   */
  static String fill(String text, String firstName) {
    if (text == null) {
      return null;
    }
    if (firstName != null) {
      return text.replace(Draft.FIRST_NAME, firstName);
    }
    String out = text;
    if (out.startsWith(Draft.FIRST_NAME + ", ")) {
      out = capitalizeFirstLetter(out.substring(Draft.FIRST_NAME.length() + 2));
    }
    return out.replace(", " + Draft.FIRST_NAME, "")
        .replace(" " + Draft.FIRST_NAME, "")
        .replace(Draft.FIRST_NAME, "");
  }

  private static String capitalizeFirstLetter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isLetter(text.charAt(i))) {
        return text.substring(0, i) + Character.toUpperCase(text.charAt(i)) + text.substring(i + 1);
      }
    }
    return text;
  }

  private static String resource(String name) {
    try (InputStream in = MessageAssembler.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
