package dev.userwhisperer.deliver;

import dev.userwhisperer.core.deliver.Deliverer;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.Warehouse;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deliver stage as the function {@value #FUNCTION}: an outbound topic in, nothing out. The
 * {@link ChannelSender} bean decides where the message goes (provider or local outbox).
 */
@Configuration(proxyBeanMethods = false)
public class DeliverConfiguration {
  public static final String FUNCTION = "deliver";

  @Bean(FUNCTION)
  public Consumer<OutboundMessage> deliver(ChannelSender sender, Warehouse warehouse) {
    return new Deliverer(sender, warehouse);
  }
}
