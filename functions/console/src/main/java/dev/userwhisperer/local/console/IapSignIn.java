package dev.userwhisperer.local.console;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code whisperer.console.auth=iap}: the console trusts Identity-Aware Proxy's signed header
 * instead of the admin token ({@code whisperer.console.iap-audience}, the service's audience; the
 * keys from {@code whisperer.console.iap-keys}, Google's by default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "whisperer.console.auth", havingValue = "iap")
class IapSignIn {
  @Bean
  IapAssertion iapAssertion(
      @Value("${whisperer.console.iap-audience:}") String audience,
      @Value("${whisperer.console.iap-keys:" + IapAssertion.GOOGLE_KEYS + "}") String keys)
      throws MalformedURLException {
    return new IapAssertion(URI.create(keys).toURL(), audience, Clock.systemUTC());
  }
}
