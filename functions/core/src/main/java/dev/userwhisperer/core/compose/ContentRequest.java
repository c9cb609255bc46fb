package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.message.Channel;
import java.util.Objects;

/**
 * What a writer gets to write one message: the app, the intervention, the channel, the language,
 * and the user's situation in coarse terms, nothing that identifies the user.
 *
 * @param language the BCP 47 tag to write in, one the app offers (or {@code en})
 * @param variant the content variant asked for, one of {@link ContentVariants#BUILT_IN}
 */
public record ContentRequest(
    AppConfigRevision app,
    String intervention,
    Channel channel,
    String language,
    Situation situation,
    String variant) {

  public ContentRequest {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(intervention, "intervention");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(situation, "situation");
    if (!ContentVariants.BUILT_IN.contains(variant)) {
      throw new IllegalArgumentException(
          "variant must be one of " + ContentVariants.BUILT_IN + ": " + variant);
    }
  }

  /**
   * Requests with one key get the same copy: app, configuration version, intervention, channel,
   * language, the situation's bucket and the variant.
   */
  public String cacheKey() {
    return String.join(
        "|",
        app.appId(),
        Long.toString(app.version()),
        intervention,
        channel.wireName(),
        language,
        situation.bucket(),
        variant);
  }
}
