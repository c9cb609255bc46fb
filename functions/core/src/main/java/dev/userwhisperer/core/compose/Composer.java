package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compose stage: writes the message a SEND decision calls for from the {@link Templates}, in
 * the user's locale, to the decision's channel. E-mail gets a subject and an unsubscribe footer,
 * SMS ends with the STOP notice, push stays within {@value #PUSH_MAX_CHARS} characters. The
 * outboundId derives from the decisionId, so a redelivered decision yields the same message (which
 * the sender delivers once). Decisions other than SEND yield nothing.
 */
public final class Composer implements Function<Decision, List<OutboundMessage>> {
  public static final String VARIANT = "template-v1";
  public static final int PUSH_MAX_CHARS = 120;
  private static final Logger log = LoggerFactory.getLogger(Composer.class);

  private final ProfileStore profiles;
  private final Warehouse warehouse;
  private final Templates templates;
  private final ComposeSettings settings;
  private final Clock clock;

  public Composer(
      ProfileStore profiles,
      Warehouse warehouse,
      Templates templates,
      ComposeSettings settings,
      Clock clock) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<OutboundMessage> apply(Decision decision) {
    if (decision.outcome() != Outcome.SEND) {
      return List.of();
    }
    Profile profile =
        profiles
            .find(decision.appId(), decision.userId())
            .orElseGet(() -> Profile.empty(decision.appId(), decision.userId()));
    Channel channel = decision.channel();
    String to = profile.reachability().address(channel);
    var template = templates.find(decision.intervention(), channel, profile.locale());
    if (to == null || template.isEmpty()) {
      log.warn(
          "compose skipped decision={} app={} channel={} intervention={}: {}",
          decision.decisionId(),
          decision.appId(),
          channel,
          decision.intervention(),
          to == null ? "no address" : "no template");
      return List.of();
    }
    String locale = template.get().locale();
    String outboundId = Ids.outbound(decision.decisionId());
    String firstName = profile.trait("firstName");
    Map<String, String> values =
        Map.of(
            "firstName",
            firstName == null || firstName.isBlank()
                ? templates.fallbackFirstName(locale)
                : firstName,
            "unsubscribeUrl",
            settings.unsubscribeUrl(outboundId));
    String body = Templates.fill(template.get().body(), values);
    String subject = null;
    switch (channel) {
      case EMAIL -> {
        subject = Templates.fill(template.get().subject(), values);
        body = body + "\n\n--\n" + Templates.fill(templates.footer(channel, locale), values);
      }
      case SMS -> body = body + " " + templates.footer(channel, locale);
      case PUSH ->
          body =
              body.length() <= PUSH_MAX_CHARS ? body : body.substring(0, PUSH_MAX_CHARS - 1) + "…";
    }
    OutboundMessage message =
        new OutboundMessage(
            OutboundMessage.VERSION,
            outboundId,
            decision.decisionId(),
            decision.appId(),
            decision.userId(),
            channel,
            to,
            locale,
            decision.intervention(),
            VARIANT,
            subject,
            body,
            clock.instant());
    warehouse.append(Table.MESSAGES, List.of(WarehouseRows.message(message)));
    return List.of(message);
  }
}
