package dev.userwhisperer.compose;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.ContentWriter;
import dev.userwhisperer.core.compose.CopyWriter;
import dev.userwhisperer.core.compose.TemplateWriter;
import dev.userwhisperer.core.compose.compliance.ComplianceGate;
import dev.userwhisperer.core.compose.compliance.LanguageDetector;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The compose stage as the function {@value #FUNCTION}: decisions topic in, messages for the
 * outbound topics out. {@code whisperer.public-base-url} is where unsubscribe links point. The copy
 * comes from a {@link ContentWriter} bean when the context has one (an LLM writer), with the
 * built-in templates as its fallback and its copy cached for {@code whisperer.compose.cache-size}
 * situations; from the templates alone otherwise.
 */
@Configuration(proxyBeanMethods = false)
@Import(OpenAiWriterConfiguration.class)
public class ComposeConfiguration {
  public static final String FUNCTION = "compose";

  @Bean(FUNCTION)
  public Function<Decision, List<OutboundMessage>> compose(
      ProfileStore profiles,
      AppConfigStore configs,
      Warehouse warehouse,
      ObjectProvider<ContentWriter> writer,
      ObjectProvider<LanguageDetector> languages,
      @Value("${whisperer.public-base-url:http://localhost:8080}") String publicBaseUrl,
      @Value("${whisperer.compose.cache-size:10000}") int cacheSize,
      LinkTokens linkTokens,
      ObjectProvider<Clock> clock) {
    TemplateWriter templates = TemplateWriter.builtIn();
    ContentWriter primary = writer.getIfAvailable();
    return new Composer(
        new Composer.Stores(profiles, configs, warehouse),
        primary == null
            ? CopyWriter.templatesOnly(templates)
            : new CopyWriter(primary, templates, cacheSize),
        templates,
        new ComplianceGate(languages.getIfAvailable(OptimaizeLanguageDetector::new)),
        new ComposeSettings(publicBaseUrl, linkTokens),
        clock.getIfAvailable(Clock::systemUTC));
  }
}
