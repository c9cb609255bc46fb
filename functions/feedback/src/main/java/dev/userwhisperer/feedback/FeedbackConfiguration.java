package dev.userwhisperer.feedback;

import dev.userwhisperer.core.LinkTokens;
import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.feedback.FeedbackService;
import dev.userwhisperer.core.feedback.ProviderWebhooks;
import dev.userwhisperer.core.feedback.SendGridSignature;
import dev.userwhisperer.core.feedback.TrackedLinks;
import dev.userwhisperer.core.feedback.TwilioSignature;
import dev.userwhisperer.core.ingest.EventRateLimiter;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.Secrets;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The feedback stage as the function {@value #FUNCTION}: an HTTP request about a sent message in,
 * the HTTP answer out; it publishes the resulting event itself. The provider webhooks ({@link
 * ProviderWebhooks}) are served by the same deployable.
 */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {
  public static final String FUNCTION = "feedback";

  /**
   * The secret holding SendGrid's Event Webhook verification key (base64, as SendGrid shows it).
   */
  public static final String SENDGRID_VERIFICATION_KEY = "SENDGRID_WEBHOOK_VERIFICATION_KEY";

  /** The secret holding Twilio's auth token, which signs its callbacks. */
  public static final String TWILIO_AUTH_TOKEN = "TWILIO_AUTH_TOKEN";

  @Bean
  FeedbackService feedbackService(
      SentMessages sent, EventBus bus, Warehouse warehouse, ObjectProvider<Clock> clock) {
    return new FeedbackService(sent, bus, warehouse, clock.getIfAvailable(Clock::systemUTC));
  }

  @Bean(FUNCTION)
  public Function<FeedbackRequest, FeedbackResponse> feedback(FeedbackService service) {
    return service::handle;
  }

  /**
   * The links in messages, each client address following at most 5 a second after a burst of 50.
   * The limit runs on real time, not the platform clock.
   */
  @Bean
  public TrackedLinks trackedLinks(
      LinkTokens linkTokens, SentMessages sent, FeedbackService feedback) {
    return new TrackedLinks(
        linkTokens, sent, feedback, new EventRateLimiter(5, 50, System::nanoTime));
  }

  /**
   * Verification keys from the secrets; a provider without one gets 401 for every call (nothing
   * unverified is ever applied).
   */
  @Bean
  public ProviderWebhooks providerWebhooks(
      Secrets secrets,
      FeedbackService feedback,
      DeliveryLedger ledger,
      SentMessages sent,
      EventBus bus,
      Warehouse warehouse,
      ObjectProvider<Clock> clock) {
    return new ProviderWebhooks(
        new ProviderWebhooks.Keys(
            secrets.find(SENDGRID_VERIFICATION_KEY).map(SendGridSignature::new).orElse(null),
            secrets.find(TWILIO_AUTH_TOKEN).map(TwilioSignature::new).orElse(null)),
        feedback,
        ledger,
        sent,
        bus,
        warehouse,
        clock.getIfAvailable(Clock::systemUTC));
  }
}
