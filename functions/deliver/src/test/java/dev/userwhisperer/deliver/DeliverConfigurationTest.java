package dev.userwhisperer.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.Table;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.testing.InMemoryDeliveryLedger;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import tools.jackson.databind.ObjectMapper;

class DeliverConfigurationTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withBean(ObjectMapper.class, Json::mapper)
          .withUserConfiguration(DeliverConfiguration.class)
          .withBean(ChannelSender.class, () -> new RecordingChannelSender(new MutableClock(T)))
          .withBean(DeliveryLedger.class, InMemoryDeliveryLedger::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new);

  @Test
  void theCatalogServesDeliverThroughTheInjectedSenderOncePerMessage() {
    runner.run(
        context -> {
          Consumer<OutboundMessage> deliver =
              context
                  .getBean(FunctionCatalog.class)
                  .lookup(Consumer.class, DeliverConfiguration.FUNCTION);
          OutboundMessage message =
              new OutboundMessage(
                  OutboundMessage.VERSION,
                  "m1",
                  "d1",
                  "app1",
                  "u1",
                  Channel.PUSH,
                  "tok",
                  "en",
                  "welcome",
                  "template-v1",
                  null,
                  "Hi",
                  T,
                  null,
                  null,
                  null,
                  Provenance.template(0));

          deliver.accept(message);
          deliver.accept(message);

          assertThat(((RecordingChannelSender) context.getBean(ChannelSender.class)).sent())
              .containsExactly(message);
          assertThat(((InMemoryWarehouse) context.getBean(Warehouse.class)).rows(Table.DELIVERIES))
              .hasSize(1);
        });
  }
}
