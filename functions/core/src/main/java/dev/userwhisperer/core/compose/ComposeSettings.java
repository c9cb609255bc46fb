package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.LinkTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * @param publicBaseUrl where the platform's HTTP API is reachable from a user's mail client,
 *     without trailing slash, e.g. {@code https://whisperer.example.com}; unsubscribe links point
 *     there
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
}
