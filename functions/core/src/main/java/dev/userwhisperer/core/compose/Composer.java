package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.appconfig.BuiltInAppConfig;
import dev.userwhisperer.core.appconfig.ContentVariants;
import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.compose.compliance.ComplianceViolation;
import dev.userwhisperer.core.decide.InterventionCatalog;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.warehouse.WarehouseRows;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compose stage: writes the message a SEND decision calls for, in the content variant decide
 * chose (the first for decisions made before variants), from the app's newest configuration (the
 * built-in one when it has none), in the user's language ({@link LanguageChooser}), by the {@link
 * CopyWriter}, assembled for the channel ({@link MessageAssembler}) and checked by the {@link
 * ComplianceGate}: a writer's copy that fails is written again once, then replaced by the
 * templates'; a message whose template copy fails is not sent, and its {@code messages} row names
 * the rule ({@code compliance_block}). The outboundId derives from the decisionId, so a redelivered
 * decision yields the same message (which the sender delivers once). Decisions other than SEND, and
 * decisions of an intervention the app turned off, yield nothing.
 */
public final class Composer implements Function<Decision, List<OutboundMessage>> {
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
  private final ComplianceGate gate;
  private final ComposeSettings settings;
  private final Clock clock;

  public Composer(
      Stores stores,
      CopyWriter writer,
      TemplateWriter templates,
      ComplianceGate gate,
      ComposeSettings settings,
      Clock clock) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
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
    AppConfigRevision app = config(decision.appId());
    if (!app.config().enabled(decision.intervention())) {
      return skipped(decision, "intervention turned off in config version " + app.version());
    }
    Composed composed;
    try {
      composed =
          write(
              app,
              decision.decisionId(),
              profile,
              new Asked(
                  decision.intervention(),
                  channel,
                  null,
                  Objects.requireNonNullElse(decision.variant(), ContentVariants.FIRST)),
              to);
    } catch (WriterFailure noCopy) {
      return skipped(decision, noCopy.getMessage());
    }
    OutboundMessage message = composed.message();
    if (!composed.violations().isEmpty()) {
      ComplianceViolation first = composed.violations().get(0);
      log.warn(
          "compose blocked decision={} app={} channel={} intervention={} rule={}: {}",
          decision.decisionId(),
          decision.appId(),
          channel,
          decision.intervention(),
          first.rule().code(),
          first.detail());
      stores
          .warehouse()
          .append(
              Table.MESSAGES, List.of(WarehouseRows.blockedMessage(message, first.rule().code())));
      return List.of();
    }
    stores.warehouse().append(Table.MESSAGES, List.of(WarehouseRows.message(message)));
    return List.of(message);
  }

  /** A message as compose wrote it, and the compliance rules it breaks (empty: it may be sent). */
  public record Composed(OutboundMessage message, List<ComplianceViolation> violations) {}

  /**
   * The message {@code userId} would get for {@code intervention} on {@code channel}, without
   * recording or sending it (even for an intervention the app turned off), or empty for an unknown
   * user.
   *
   * @param language the language to write in; null for the user's own (as compose chooses it)
   * @param variant the content variant to write
   * @throws WriterFailure when there is no copy for the request
   */
  public Optional<Composed> preview(
      String appId,
      String userId,
      String intervention,
      Channel channel,
      String language,
      String variant) {
    return stores
        .profiles()
        .find(appId, userId)
        .map(
            profile ->
                write(
                    config(appId),
                    "preview",
                    profile,
                    new Asked(intervention, channel, language, variant),
                    Objects.requireNonNullElse(profile.reachability().address(channel), "")));
  }

  /** What is to be written: {@code language} null for the user's own (as compose chooses it). */
  private record Asked(String intervention, Channel channel, String language, String variant) {}

  private AppConfigRevision config(String appId) {
    return stores.configs().latest(appId).orElseGet(() -> BuiltInAppConfig.unconfigured(appId));
  }

  private Composed write(
      AppConfigRevision app, String decisionId, Profile profile, Asked asked, String to) {
    String intervention = asked.intervention();
    Channel channel = asked.channel();
    String language =
        asked.language() != null
            ? asked.language()
            : LanguageChooser.choose(profile.locale(), app.config().languages());
    ContentRequest request =
        new ContentRequest(
            app,
            intervention,
            channel,
            language,
            Situation.of(profile, app.config(), clock.instant()),
            asked.variant());
    String outboundId = Ids.outbound(decisionId);
    boolean marketing = marketing(intervention);
    Authored authored =
        writer.write(
            request,
            written -> assemble(request, written, profile, outboundId, marketing).violations());
    Checked checked = assemble(request, authored.written(), profile, outboundId, marketing);
    MessageAssembler.Assembled assembled = checked.assembled();
    OutboundMessage message =
        new OutboundMessage(
            OutboundMessage.VERSION,
            outboundId,
            decisionId,
            app.appId(),
            profile.userId(),
            channel,
            to,
            language,
            intervention,
            asked.variant(),
            assembled.subject(),
            assembled.body(),
            clock.instant(),
            assembled.html(),
            assembled.title(),
            checked.headers(),
            authored.provenance(app.version()));
    return new Composed(message, checked.violations());
  }

  /** An assembled message, the headers it is sent with and the rules it breaks. */
  private record Checked(
      MessageAssembler.Assembled assembled,
      Map<String, String> headers,
      List<ComplianceViolation> violations) {}

  private Checked assemble(
      ContentRequest request,
      Written written,
      Profile profile,
      String outboundId,
      boolean marketing) {
    TemplateBundle bundle = templates.bundle(request.language());
    MessageLinks links = settings.links(outboundId);
    String unsubscribeUrl = links.unsubscribe();
    MessageAssembler.Assembled a =
        assembler.assemble(request, bundle, written.draft(), profile.trait("firstName"), links);
    Map<String, String> headers =
        request.channel() == Channel.EMAIL && marketing
            ? Map.of(
                ComplianceGate.LIST_UNSUBSCRIBE,
                "<" + unsubscribeUrl + ">",
                ComplianceGate.LIST_UNSUBSCRIBE_POST,
                ComplianceGate.ONE_CLICK)
            : Map.of();
    Draft draft = written.draft();
    String copy = (draft.subject() == null ? "" : draft.subject() + "\n") + draft.body();
    List<ComplianceViolation> violations =
        gate.check(
            new ComplianceGate.Message(
                request.app(),
                request.channel(),
                marketing,
                a.subject(),
                a.title(),
                a.body(),
                a.html(),
                copy.replace(Draft.FIRST_NAME, ""),
                headers,
                unsubscribeUrl,
                settings.host(),
                request.language(),
                personalData(profile),
                profile
                        .features()
                        .messages()
                        .getOrDefault(Channel.SMS, Features.MessageStats.NONE)
                        .sent()
                    == 0,
                bundle.phrase("smsOptOut", Map.of())));
    return new Checked(a, headers, violations);
  }

  /** What identifies the user besides their first name: it must never be in a message. */
  private static Map<String, String> personalData(Profile profile) {
    Map<String, String> data = new HashMap<>();
    data.put("userId", profile.userId());
    data.put("email", profile.reachability().email());
    data.put("phone", profile.reachability().phone());
    data.put("lastName", profile.trait("lastName"));
    data.values().removeIf(Objects::isNull);
    return data;
  }

  private static boolean marketing(String intervention) {
    return InterventionCatalog.ALL.stream()
        .filter(i -> i.name().equals(intervention))
        .findFirst()
        .map(i -> !i.transactional())
        .orElse(true);
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
