package dev.userwhisperer.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.feedback.FeedbackKind;
import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.feedback.ProviderWebhooks;
import dev.userwhisperer.core.feedback.WebhookRequest;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Provenance;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.core.port.DeliveryLedger;
import dev.userwhisperer.core.port.EventBus;
import dev.userwhisperer.core.port.Secrets;
import dev.userwhisperer.core.port.SentMessages;
import dev.userwhisperer.core.port.Warehouse;
import dev.userwhisperer.core.testing.InMemoryDeliveryLedger;
import dev.userwhisperer.core.testing.InMemoryEventBus;
import dev.userwhisperer.core.testing.InMemoryWarehouse;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.RecordingChannelSender;
import dev.userwhisperer.core.testing.TestLinkTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import tools.jackson.databind.ObjectMapper;

class FeedbackConfigurationTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ContextFunctionCatalogAutoConfiguration.class))
          .withBean(ObjectMapper.class, Json::mapper)
          .withUserConfiguration(FeedbackConfiguration.class)
          .withBean(Clock.class, () -> new MutableClock(T))
          .withBean(
              SentMessages.class,
              () -> {
                RecordingChannelSender sender = new RecordingChannelSender(new MutableClock(T));
                sender.send(
                    new OutboundMessage(
                        OutboundMessage.VERSION,
                        "m1",
                        "d1",
                        "app1",
                        "u1",
                        Channel.EMAIL,
                        "a@b.c",
                        "en",
                        "welcome",
                        "template-v1",
                        "Hi",
                        "Body",
                        T,
                        null,
                        null,
                        null,
                        Provenance.template(0)));
                return sender;
              })
          .withBean(EventBus.class, InMemoryEventBus::new)
          .withBean(Warehouse.class, InMemoryWarehouse::new)
          .withBean(DeliveryLedger.class, InMemoryDeliveryLedger::new)
          .withBean(dev.userwhisperer.core.LinkTokens.class, TestLinkTokens::tokens)
          .withBean(Secrets.class, () -> name -> java.util.Optional.empty());

  @Test
  void theCatalogServesFeedbackWhichPublishesTheEventItself() {
    runner.run(
        context -> {
          Function<FeedbackRequest, FeedbackResponse> feedback =
              context
                  .getBean(FunctionCatalog.class)
                  .lookup(Function.class, FeedbackConfiguration.FUNCTION);

          FeedbackResponse accepted = feedback.apply(new FeedbackRequest("m1", FeedbackKind.CLICK));
          FeedbackResponse unknown = feedback.apply(new FeedbackRequest("m2", FeedbackKind.CLICK));

          assertThat(accepted.status()).isEqualTo(202);
          assertThat(unknown.status()).isEqualTo(404);
          assertThat(
                  ((InMemoryEventBus) context.getBean(EventBus.class))
                      .published(UserEventBatch.class))
              .singleElement()
              .satisfies(b -> assertThat(b.events().get(0).timestamp()).isEqualTo(T));
          assertThat(
                  context
                      .getBean(ProviderWebhooks.class)
                      .twilioInbound(
                          new WebhookRequest(
                              "https://w.test/x", Map.of(), Map.of(), Map.of(), null))
                      .status())
              .as("without keys every webhook is refused")
              .isEqualTo(401);
        });
  }
}
