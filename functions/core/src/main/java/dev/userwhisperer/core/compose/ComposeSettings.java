package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.LinkTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * @param publicBaseUrl where the platform's HTTP API is reachable from a user's mail client,
 *     without trailing slash, e.g. {@code https://whisperer.example.com}; the signed unsubscribe,
 *     open and click links of every message point there
 * @param tokens sign the links, so that nobody can forge one for a message
 */
public record ComposeSettings(String publicBaseUrl, LinkTokens tokens) {
  public ComposeSettings {
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(tokens, "tokens");
    publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
  }

  /** The host of the platform's own links, which every message may carry. */
  public String host() {
    return URI.create(publicBaseUrl).getHost();
  }

  /** The unsubscribe link: a confirmation page on GET, one-click unsubscribe on POST. */
  public String unsubscribeUrl(String outboundId) {
    return publicBaseUrl + "/v1/l/" + tokens.issue(outboundId) + "/unsubscribe";
  }

  /** The open pixel's URL. */
  public String openUrl(String outboundId) {
    return publicBaseUrl + "/v1/l/" + tokens.issue(outboundId) + "/open";
  }

  /** A tracked link to {@code target}, which must appear in the message's text. */
  public String clickUrl(String outboundId, String target) {
    return publicBaseUrl
        + "/v1/l/"
        + tokens.issue(outboundId)
        + "/click?u="
        + URLEncoder.encode(target, StandardCharsets.UTF_8);
  }

  /** The signed links of one message. */
  public MessageLinks links(String outboundId) {
    return new MessageLinks(
        unsubscribeUrl(outboundId), openUrl(outboundId), target -> clickUrl(outboundId, target));
  }
}
