package dev.userwhisperer.core.compose;

import java.util.Objects;

/**
 * @param publicBaseUrl where the platform's HTTP API is reachable from a user's mail client,
 *     without trailing slash, e.g. {@code https://whisperer.example.com}; unsubscribe links point
 *     there
 */
public record ComposeSettings(String publicBaseUrl) {
  public ComposeSettings {
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
  }

  /** The host of the platform's own links, which every message may carry. */
  public String host() {
    return java.net.URI.create(publicBaseUrl).getHost();
  }

  public String unsubscribeUrl(String outboundId) {
    return publicBaseUrl + "/v1/outbox/" + outboundId + "/unsubscribe";
  }
}
