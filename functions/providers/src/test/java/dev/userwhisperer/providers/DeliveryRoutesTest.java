package dev.userwhisperer.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Channel;
import org.junit.jupiter.api.Test;

class DeliveryRoutesTest {
  @Test
  void anAppsOwnRouteWinsOverTheRouteOfEveryApp() {
    DeliveryRoutes routes =
        DeliveryRoutes.parse(" *:email=sendgrid, *:sms=twilio ,self-hosted:app:email=smtp");

    assertThat(routes.providerFor("app1", Channel.EMAIL)).contains("sendgrid");
    assertThat(routes.providerFor("self-hosted:app", Channel.EMAIL)).contains("smtp");
    assertThat(routes.providerFor("self-hosted:app", Channel.SMS)).contains("twilio");
    assertThat(routes.providerFor("app1", Channel.PUSH)).isEmpty();
    assertThat(routes.providers()).containsExactlyInAnyOrder("sendgrid", "twilio", "smtp");
  }

  @Test
  void noSettingRoutesNothing() {
    assertThat(DeliveryRoutes.parse("").providers()).isEmpty();
    assertThat(DeliveryRoutes.parse(null).providerFor("a", Channel.EMAIL)).isEmpty();
  }

  @Test
  void aMalformedOrImpossibleRouteStopsTheStartNamingTheEntry() {
    assertThatThrownBy(() -> DeliveryRoutes.parse("*:email"))
        .hasMessageContaining("'*:email' is not app:channel=provider");
    assertThatThrownBy(() -> DeliveryRoutes.parse("*:fax=twilio"))
        .hasMessageContaining("the channel must be email, sms or push");
    assertThatThrownBy(() -> DeliveryRoutes.parse("*:email=mailgun"))
        .hasMessageContaining("the provider must be one of");
    assertThatThrownBy(() -> DeliveryRoutes.parse("*:sms=sendgrid"))
        .hasMessageContaining("sendgrid does not send sms");
  }
}
