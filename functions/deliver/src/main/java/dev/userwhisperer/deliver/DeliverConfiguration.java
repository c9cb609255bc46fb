package dev.userwhisperer.deliver;

import dev.userwhisperer.core.deliver.Deliverer;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deliver stage as the function {@value #FUNCTION}: an outbound topic in, nothing out. The
 * {@link ChannelSender} bean decides where the message goes (provider or local outbox); the {@link
 * DeliveryLedger} makes each message go at most once.
 */
@Configuration(proxyBeanMethods = false)
public class DeliverConfiguration {
  public static final String FUNCTION = "deliver";

  /**
   * A send recorded as started this long ago without an outcome is presumed crashed and reconciled;
   * well above the senders' timeouts (10 s) and in-call retries.
   */
  static final Duration IN_FLIGHT = Duration.ofMinutes(2);

  @Bean(FUNCTION)
  public Consumer<OutboundMessage> deliver(
      ChannelSender sender,
      DeliveryLedger ledger,
      Warehouse warehouse,
      ObjectProvider<Clock> clock) {
    return new Deliverer(
        sender, ledger, warehouse, clock.getIfAvailable(Clock::systemUTC), IN_FLIGHT);
  }
}
