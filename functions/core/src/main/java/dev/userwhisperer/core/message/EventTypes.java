package dev.userwhisperer.core.message;

import java.util.Set;

/** The event types the platform understands; any other type is accepted as a custom event. */
public final class EventTypes {
  /** The property of a response event that names the outbound message it answers. */
  public static final String OUTBOUND_ID = "outboundId";

  public static final String IDENTIFY = "identify";

  /**
   * One user known by another id before ({@code properties.previousId}, the anonymousId): analyze
   * merges that anonymous profile into this user's.
   */
  public static final String ALIAS = "alias";

  /** The property of an {@link #ALIAS} naming the id the user had before. */
  public static final String PREVIOUS_ID = "previousId";

  public static final String USER_SIGNUP = "user_signup";
  public static final String USER_LOGIN = "user_login";
  public static final String SESSION_STARTED = "session_started";
  public static final String FEATURE_USED = "feature_used";
  public static final String PAGE_VIEWED = "page_viewed";
  public static final String TRIAL_STARTED = "trial_started";
  public static final String SUBSCRIPTION_STARTED = "subscription_started";
  public static final String SUBSCRIPTION_UPGRADED = "subscription_upgraded";
  public static final String SUBSCRIPTION_DOWNGRADED = "subscription_downgraded";
  public static final String SUBSCRIPTION_CANCELLED = "subscription_cancelled";
  public static final String PAYMENT_SUCCEEDED = "payment_succeeded";
  public static final String PAYMENT_FAILED = "payment_failed";
  public static final String SUPPORT_TICKET_CREATED = "support_ticket_created";
  public static final String ERROR_ENCOUNTERED = "error_encountered";
  public static final String ONBOARDING_STEP_COMPLETED = "onboarding_step_completed";
  public static final String ONBOARDING_COMPLETED = "onboarding_completed";
  public static final String NOTIFICATION_SENT = "notification_sent";
  public static final String EMAIL_SENT = "email_sent";
  public static final String EMAIL_OPENED = "email_opened";
  public static final String EMAIL_CLICKED = "email_clicked";
  public static final String SMS_SENT = "sms_sent";
  public static final String SMS_CLICKED = "sms_clicked";
  public static final String PUSH_SENT = "push_sent";
  public static final String PUSH_OPENED = "push_opened";
  public static final String MESSAGE_UNSUBSCRIBED = "message_unsubscribed";

  /** The user reported a message as spam; treated as an unsubscribe from its channel. */
  public static final String MESSAGE_COMPLAINED = "message_complained";

  /**
   * The provider could not deliver to the address for good (a hard bounce): the channel is
   * suppressed like after an unsubscribe, until the app states consent again.
   */
  public static final String MESSAGE_BOUNCED = "message_bounced";

  /**
   * The platform found the user's address on the suppression list (an opt-out kept after an
   * erasure): the channel is suppressed like after an unsubscribe, until the user or the app states
   * consent again.
   */
  public static final String CONTACT_SUPPRESSED = "contact_suppressed";

  /**
   * A response to a message, naming it in the property {@value #OUTBOUND_ID} (or, in events of
   * earlier releases, {@code messageId}).
   */
  public static final Set<String> MESSAGE_RESPONSES =
      Set.of(EMAIL_OPENED, EMAIL_CLICKED, PUSH_OPENED, SMS_CLICKED);

  /**
   * The responses that act on a message's copy: a click, or a tap on a push notification (which is
   * what opening one is). What a content variant is judged by, with conversions.
   */
  public static final Set<String> CLICKS = Set.of(EMAIL_CLICKED, PUSH_OPENED, SMS_CLICKED);

  /** A conversion: credited to the latest message whose attribution window holds it. */
  public static final Set<String> CONVERSIONS =
      Set.of(SUBSCRIPTION_STARTED, SUBSCRIPTION_UPGRADED, PAYMENT_SUCCEEDED);

  /** Types that say the user did something in the app (as opposed to billing or messaging). */
  public static final Set<String> ACTIVITY =
      Set.of(
          USER_SIGNUP,
          USER_LOGIN,
          SESSION_STARTED,
          FEATURE_USED,
          PAGE_VIEWED,
          ONBOARDING_STEP_COMPLETED,
          ONBOARDING_COMPLETED,
          ERROR_ENCOUNTERED,
          SUPPORT_TICKET_CREATED);

  private EventTypes() {}
}
