package dev.userwhisperer.feedback;

import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.feedback.FeedbackService;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The feedback stage as the function {@value #FUNCTION}: an HTTP request about a sent message in,
 * the HTTP answer out; it publishes the resulting event itself.
 */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {
  public static final String FUNCTION = "feedback";

  @Bean(FUNCTION)
  public Function<FeedbackRequest, FeedbackResponse> feedback(
      SentMessages sent, EventBus bus, Warehouse warehouse, ObjectProvider<Clock> clock) {
    FeedbackService service =
        new FeedbackService(sent, bus, warehouse, clock.getIfAvailable(Clock::systemUTC));
    return service::handle;
  }
}
