package dev.userwhisperer.providers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How messages leave the platform ({@code whisperer.delivery.*}, or {@code WHISPERER_DELIVERY_*} in
 * the environment). Credentials are not here: each provider names the secret that holds its
 * credential, read from Secret Manager on Google Cloud and from the environment or a file locally.
 *
 * @param routes {@code app:channel=provider} entries, e.g. {@code *:email=sendgrid,*:sms=twilio};
 *     empty (the default) sends everything to the local outbox (or the dry run on Google Cloud)
 * @param timeout connect and read timeout of every provider call
 * @param breakerOpenFor how long a provider's open circuit refuses calls before trying again
 * @param absentAfter how long after a send whose outcome is unknown started a provider's API must
 *     still not know it before the send counts as never accepted (and may be made again)
 */
@ConfigurationProperties("whisperer.delivery")
public record DeliverySettings(
    @DefaultValue("") String routes,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("30s") Duration breakerOpenFor,
    @DefaultValue("30m") Duration absentAfter,
    @DefaultValue Limits limits,
    @DefaultValue SendGrid sendgrid,
    @DefaultValue Twilio twilio,
    @DefaultValue Fcm fcm,
    @DefaultValue Smtp smtp) {

  /**
   * Per provider and app: {@code perSecond} sends after a {@code burst}; {@code attempts} calls per
   * delivery before the bus takes over; sleeps of at most {@code maxWait}.
   */
  public record Limits(
      @DefaultValue("10") double perSecond,
      @DefaultValue("20") int burst,
      @DefaultValue("3") int attempts,
      @DefaultValue("200ms") Duration firstBackoff,
      @DefaultValue("30s") Duration maxWait) {}

  /**
   * @param from the verified sender address
   * @param apiKeySecret the secret holding the API key
   * @param baseUrl the API's address (a stub's in tests)
   */
  public record SendGrid(
      String from,
      @DefaultValue("SENDGRID_API_KEY") String apiKeySecret,
      @DefaultValue("https://api.sendgrid.com") String baseUrl) {}

  /**
   * @param sender a Messaging Service SID ({@code MG…}) or an E.164 sender number
   * @param authTokenSecret the secret holding the account's auth token (also the key Twilio signs
   *     its callbacks with)
   * @param baseUrl empty for Twilio itself; a stub's address in tests
   */
  public record Twilio(
      String accountSid,
      String sender,
      @DefaultValue("TWILIO_AUTH_TOKEN") String authTokenSecret,
      @DefaultValue("") String baseUrl) {}

  /**
   * @param projectId the Firebase project
   * @param serviceAccountSecret the secret holding the service account's JSON key
   */
  public record Fcm(
      String projectId,
      @DefaultValue("FCM_SERVICE_ACCOUNT") String serviceAccountSecret,
      @DefaultValue("https://fcm.googleapis.com") String baseUrl) {}

  /**
   * @param user empty for a relay without authentication
   * @param passwordSecret the secret holding the password, when there is a user
   * @param startTls require STARTTLS (port 587); off for a local relay
   */
  public record Smtp(
      String host,
      @DefaultValue("587") int port,
      String from,
      @DefaultValue("") String user,
      @DefaultValue("SMTP_PASSWORD") String passwordSecret,
      @DefaultValue("true") boolean startTls) {}
}
