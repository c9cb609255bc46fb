package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.CopyWriter;
import dev.userwhisperer.core.compose.TemplateWriter;
import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.compose.compliance.LanguageDetector;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.profile.Features;
import java.time.Clock;
import java.util.List;

/** Compose stages for tests. */
public final class Composers {
  private static final TemplateWriter TEMPLATES = TemplateWriter.builtIn();

  private Composers() {}

  public static TemplateWriter templates() {
    return TEMPLATES;
  }

  /** Compose with the template writer only, as the platform runs without an LLM. */
  public static Composer templatesOnly(
      ProfileStore profiles,
      AppConfigStore configs,
      Warehouse warehouse,
      String publicBaseUrl,
      Clock clock) {
    return new Composer(
        new Composer.Stores(profiles, configs, warehouse),
        CopyWriter.templatesOnly(TEMPLATES),
        TEMPLATES,
        new ComplianceGate(LanguageDetector.NONE),
        new ComposeSettings(publicBaseUrl, TestLinkTokens.tokens()),
        clock);
  }

  /** Features with only these features used. */
  public static Features featuresUsed(String... keys) {
    Features none = Features.NONE;
    return new Features(
        none.day(),
        none.dayEvents(),
        none.daySessions(),
        none.dayRevenueCents(),
        none.hourOfWeek(),
        none.sessions(),
        List.of(keys),
        none.errors(),
        none.supportTickets(),
        none.messages(),
        none.baseline(),
        none.returnedAt(),
        none.idleDaysBeforeReturn());
  }
}
