package dev.userwhisperer.compose;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.compose.ComposeSettings;
import dev.userwhisperer.core.compose.Composer;
import dev.userwhisperer.core.compose.Templates;
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

/**
 * The compose stage as the function {@value #FUNCTION}: decisions topic in, messages for the
 * outbound topics out. {@code whisperer.public-base-url} is where unsubscribe links point.
 */
@Configuration(proxyBeanMethods = false)
public class ComposeConfiguration {
  public static final String FUNCTION = "compose";

  @Bean(FUNCTION)
  public Function<Decision, List<OutboundMessage>> compose(
      ProfileStore profiles,
      Warehouse warehouse,
      @Value("${whisperer.public-base-url:http://localhost:8080}") String publicBaseUrl,
      LinkTokens linkTokens,
      ObjectProvider<Clock> clock) {
    return new Composer(
        profiles,
        warehouse,
        Templates.fromClasspath(),
        new ComposeSettings(publicBaseUrl, linkTokens),
        clock.getIfAvailable(Clock::systemUTC));
  }
}
