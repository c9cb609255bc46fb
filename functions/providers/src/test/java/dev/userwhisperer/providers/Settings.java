package dev.userwhisperer.providers;

import java.time.Duration;

/** Delivery settings for tests, pointing providers at local stubs. */
final class Settings {
  static final Duration TIMEOUT = Duration.ofMillis(800);
  static final Duration ABSENT_AFTER = Duration.ofMinutes(30);

  private Settings() {}

  static DeliverySettings.Limits limits() {
    return new DeliverySettings.Limits(1000, 1000, 1, Duration.ofMillis(10), Duration.ofSeconds(5));
  }

  static DeliverySettings of(
      String routes,
      DeliverySettings.SendGrid sendGrid,
      DeliverySettings.Twilio twilio,
      DeliverySettings.Fcm fcm,
      DeliverySettings.Smtp smtp) {
    return new DeliverySettings(
        routes,
        TIMEOUT,
        Duration.ofSeconds(30),
        ABSENT_AFTER,
        limits(),
        sendGrid,
        twilio,
        fcm,
        smtp);
  }

  static DeliverySettings sendGrid(String baseUrl) {
    return of(
        "*:email=sendgrid",
        new DeliverySettings.SendGrid("hello@whisperer.test", "SENDGRID_API_KEY", baseUrl),
        null,
        null,
        null);
  }

  static DeliverySettings twilio(String baseUrl, String sender) {
    return of(
        "*:sms=twilio",
        null,
        new DeliverySettings.Twilio(
            "AC0123456789abcdef0123456789abcdef", sender, "TWILIO_AUTH_TOKEN", baseUrl),
        null,
        null);
  }

  static DeliverySettings fcm(String baseUrl) {
    return of(
        "*:push=fcm",
        null,
        null,
        new DeliverySettings.Fcm("whisperer-test", "FCM_SERVICE_ACCOUNT", baseUrl),
        null);
  }

  static DeliverySettings smtp(String host, int port) {
    return of(
        "*:email=smtp",
        null,
        null,
        null,
        new DeliverySettings.Smtp(host, port, "hello@whisperer.test", "", "SMTP_PASSWORD", false));
  }
}
