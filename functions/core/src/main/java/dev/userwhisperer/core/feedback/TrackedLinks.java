package dev.userwhisperer.core.feedback;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.ingest.ApiError;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.profile.ConsentSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The links in messages ({@code /v1/l/{token}/…}), with an HMAC token instead of the message id.
 * The answers do not tell a known token from an unknown one: the open pixel is always the pixel,
 * the unsubscribe pages are always the same pages, and a click goes on only to a URL that is in
 * that message's text, else 404 {@code not_found} like an unknown token (no open redirect). {@code
 * GET} on an unsubscribe link only shows a confirmation form; {@code POST} (the form, or a mail
 * client's RFC 8058 one-click) unsubscribes, so that link scanners unsubscribe nobody. Each client
 * address may follow {@code perSecond} links a second after a burst; beyond, 429 {@code
 * rate_limited} with {@code Retry-After}. Errors are the API's one JSON error body, like every
 * other error of the service.
 */
public final class TrackedLinks {
  /** The answer to a link: status, content type, headers and body. */
  public record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {
    public Answer {
      Objects.requireNonNull(contentType, "contentType");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** A transparent 1×1 GIF. */
  static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

  /**
   * The way from the unsubscribe pages to the preference page of the same token ({@link
   * PreferencePage}): relative, {@code /v1/l/{token}/unsubscribe} → {@code …/preferences}.
   */
  static final String PREFERENCES_LINK =
      "<p><a href=\"preferences\">Choose which messages you get instead</a></p>";

  private final LinkTokens tokens;
  private final SentMessages sent;
  private final FeedbackService feedback;
  private final EventRateLimiter limiter;

  public TrackedLinks(
      LinkTokens tokens, SentMessages sent, FeedbackService feedback, EventRateLimiter limiter) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.sent = Objects.requireNonNull(sent, "sent");
    this.feedback = Objects.requireNonNull(feedback, "feedback");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  public Answer open(String client, String token) {
    long waitSeconds = throttled(client);
    if (waitSeconds > 0) {
      return tooMany(waitSeconds);
    }
    messageOf(token)
        .ifPresent(m -> feedback.handle(new FeedbackRequest(m.outboundId(), FeedbackKind.OPEN)));
    return new Answer(200, "image/gif", NO_STORE, PIXEL);
  }

  public Answer click(String client, String token, String url) {
    long waitSeconds = throttled(client);
    if (waitSeconds > 0) {
      return tooMany(waitSeconds);
    }
    Optional<OutboundMessage> message = messageOf(token);
    if (url == null || message.isEmpty() || !linksTo(message.get(), url)) {
      return error(404, Map.of(), ApiError.of("not_found", "this link is not valid"));
    }
    feedback.handle(new FeedbackRequest(message.get().outboundId(), FeedbackKind.CLICK));
    return new Answer(302, "text/plain; charset=utf-8", Map.of("Location", url), new byte[0]);
  }

  /** The confirmation form; changes nothing. */
  public Answer unsubscribePage(String client, String token) {
    long waitSeconds = throttled(client);
    if (waitSeconds > 0) {
      return tooMany(waitSeconds);
    }
    return page(
        200,
        "Unsubscribe",
        "<form method=\"post\"><p>Stop receiving these messages?</p>"
            + "<button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe</button>"
            + "</form>"
            + PREFERENCES_LINK);
  }

  /** The form's POST or a mail client's one-click POST. */
  public Answer unsubscribe(String client, String token) {
    long waitSeconds = throttled(client);
    if (waitSeconds > 0) {
      return tooMany(waitSeconds);
    }
    messageOf(token)
        .ifPresent(
            m ->
                feedback.handle(
                    new FeedbackRequest(
                        m.outboundId(), FeedbackKind.UNSUBSCRIBE, ConsentSource.UNSUBSCRIBE_LINK)));
    return page(
        200,
        "Unsubscribed",
        "<p>You will not receive these messages any more.</p>" + PREFERENCES_LINK);
  }

  private Optional<OutboundMessage> messageOf(String token) {
    return tokens.outboundId(token).flatMap(sent::find);
  }

  /** The URL appears in the message's text as a whole link, not as a prefix of a longer one. */
  private static boolean linksTo(OutboundMessage message, String url) {
    String text = message.body() + "\n" + Objects.requireNonNullElse(message.subject(), "");
    int at = text.indexOf(url);
    while (at >= 0) {
      int end = at + url.length();
      if (end == text.length() || " \n\r\t\"'<>)".indexOf(text.charAt(end)) >= 0) {
        return true;
      }
      at = text.indexOf(url, at + 1);
    }
    return false;
  }

  /** Seconds to wait before following another link, 0 when this one may be followed now. */
  private long throttled(String client) {
    return limiter.tryAcquire("link:" + Objects.requireNonNullElse(client, "?"), 1);
  }

  static Answer tooMany(long waitSeconds) {
    return error(
        429,
        Map.of("Retry-After", Long.toString(waitSeconds)),
        ApiError.of("rate_limited", "too many links followed; retry after " + waitSeconds + " s"));
  }

  static Answer error(int status, Map<String, String> headers, ApiError error) {
    Map<String, String> all = new HashMap<>(NO_STORE);
    all.putAll(headers);
    return new Answer(status, "application/json", all, Json.encode(error.body()));
  }

  static Answer page(int status, String title, String html) {
    String body =
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
            + "<title>"
            + title
            + "</title></head><body><h1>"
            + title
            + "</h1>"
            + html
            + "</body></html>";
    return new Answer(
        status, "text/html; charset=utf-8", NO_STORE, body.getBytes(StandardCharsets.UTF_8));
  }
}
