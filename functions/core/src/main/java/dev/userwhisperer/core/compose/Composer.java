package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.StableIds;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.decide.Decision;
import dev.userwhisperer.core.decide.Decision.Outcome;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Channel;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.warehouse.Table;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compose stage: writes the message a SEND decision calls for, from the app's newest
 * configuration (the built-in one when it has none), in the user's language ({@link
 * LanguageChooser}), by the {@link CopyWriter}, assembled for the channel ({@link
 * MessageAssembler}). The messageId derives from the decisionId, so a redelivered decision yields
 * the same message (which the sender delivers once). Decisions other than SEND, and decisions of an
 * intervention the app turned off, yield nothing.
 */
public final class Composer implements Function<Decision, List<OutboundMessage>> {
  public static final String VARIANT = "template-v1";
  private static final Logger log = LoggerFactory.getLogger(Composer.class);

  /** What compose reads and writes besides the decision. */
  public record Stores(ProfileStore profiles, AppConfigStore configs, Warehouse warehouse) {
    public Stores {
      Objects.requireNonNull(profiles, "profiles");
      Objects.requireNonNull(configs, "configs");
      Objects.requireNonNull(warehouse, "warehouse");
    }
  }

  private final Stores stores;
  private final CopyWriter writer;
  private final TemplateWriter templates;
  private final MessageAssembler assembler = new MessageAssembler();
  private final ComposeSettings settings;
  private final Clock clock;

  public Composer(
      Stores stores,
      CopyWriter writer,
      TemplateWriter templates,
      ComposeSettings settings,
      Clock clock) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static String messageId(String decisionId) {
    return StableIds.of("message", decisionId);
  }

  @Override
  public List<OutboundMessage> apply(Decision decision) {
    if (decision.outcome() != Outcome.SEND) {
      return List.of();
    }
    Profile profile =
        stores
            .profiles()
            .find(decision.appId(), decision.userId())
            .orElseGet(() -> Profile.empty(decision.appId(), decision.userId()));
    Channel channel = decision.channel();
    String to = profile.reachability().address(channel);
    if (to == null) {
      return skipped(decision, "no address");
    }
    AppConfigRevision app =
        stores
            .configs()
            .latest(decision.appId())
            .orElseGet(() -> BuiltInAppConfig.unconfigured(decision.appId()));
    if (!app.config().enabled(decision.intervention())) {
      return skipped(decision, "intervention turned off in config version " + app.version());
    }
    String language = LanguageChooser.choose(profile.locale(), app.config().languages());
    ContentRequest request =
        new ContentRequest(
            app,
            decision.intervention(),
            channel,
            language,
            Situation.of(profile, app.config(), clock.instant()),
            VARIANT);
    Authored authored;
    try {
      authored = writer.write(request);
    } catch (WriterFailure noCopy) {
      return skipped(decision, noCopy.getMessage());
    }
    String messageId = messageId(decision.decisionId());
    MessageAssembler.Assembled assembled =
        assembler.assemble(
            request,
            templates.bundle(language),
            authored.written().draft(),
            profile.trait("firstName"),
            settings.unsubscribeUrl(messageId));
    OutboundMessage message =
        new OutboundMessage(
            OutboundMessage.VERSION,
            messageId,
            decision.decisionId(),
            decision.appId(),
            decision.userId(),
            channel,
            to,
            language,
            decision.intervention(),
            VARIANT,
            assembled.subject(),
            assembled.body(),
            clock.instant(),
            assembled.html(),
            assembled.title(),
            authored.provenance(app.version()));
    stores.warehouse().append(Table.MESSAGES, List.of(WarehouseRows.message(message)));
    return List.of(message);
  }

  private static List<OutboundMessage> skipped(Decision decision, String why) {
    log.warn(
        "compose skipped decision={} app={} channel={} intervention={}: {}",
        decision.decisionId(),
        decision.appId(),
        decision.channel(),
        decision.intervention(),
        why);
    return List.of();
  }
}
