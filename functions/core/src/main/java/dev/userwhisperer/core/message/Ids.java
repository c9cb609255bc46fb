package dev.userwhisperer.core.message;

import dev.userwhisperer.core.message.Decision.Outcome;
import dev.userwhisperer.core.message.ScheduledTask.TaskKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Every id the pipeline derives, each a function of its inputs only: a redelivered message yields
 * the ids of its first delivery, and the stores and the warehouse recognise the repeat. Hashed ids
 * are 32 hex characters (128 bits of SHA-256) over their parts, which are separated so that {@code
 * ("a","bc")} and {@code ("ab","c")} differ.
 *
 * <p>The ids the client gives (an event's {@code messageId}) and the ids the stores give (a
 * provider's message id) are not made here.
 */
public final class Ids {
  private static final char SEPARATOR = '\u001f';

  /** What a deferred decision's id is followed by in the id of its release. */
  public static final String RELEASE_SUFFIX = ":released";

  private static final String FEEDBACK_PREFIX = "fb:";

  private static final String SMS_KEYWORD_PREFIX = "twilio:";

  private static final String PREFERENCE_PREFIX = "pref:";

  /** What the id of an event the suppression list adds starts with. */
  public static final String SUPPRESSION_PREFIX = "sup:";

  /**
   * What the ids of the events the platform makes itself start with (feedback, SMS keywords, the
   * preference page, the suppression list). Only those events may name their consent source, so
   * ingest refuses a client messageId with one of these prefixes.
   */
  public static final List<String> PLATFORM_EVENT_PREFIXES =
      List.of(FEEDBACK_PREFIX, SMS_KEYWORD_PREFIX, PREFERENCE_PREFIX, SUPPRESSION_PREFIX);

  private static final String RELEASE_TASK_PREFIX = "release:";

  private Ids() {}

  /**
   * A batch of one user's events: the app, the user's key and the events' messageIds in any order,
   * so that a retried request publishes the batch of its first attempt.
   */
  public static String batch(String appId, String userKey, List<String> eventMessageIds) {
    StringBuilder key = new StringBuilder(32 + eventMessageIds.size() * 40);
    appendField(key, appId);
    appendField(key, userKey);
    if (eventMessageIds.size() == 1) {
      appendField(key, eventMessageIds.get(0));
    } else {
      String[] sorted = eventMessageIds.toArray(String[]::new);
      Arrays.sort(sorted);
      for (String id : sorted) {
        appendField(key, id);
      }
    }
    return sha256Hex(key.toString());
  }

  /**
   * The user batches of one request carried as one message ({@link UserEventBatches}): the app and
   * the batches' ids, each naming its user and events.
   */
  public static String userEventBatches(String appId, List<String> batchIds) {
    StringBuilder key = new StringBuilder(32 + batchIds.size() * 70);
    appendField(key, appId);
    for (String id : batchIds) {
      appendField(key, id);
    }
    return sha256Hex(key.toString());
  }

  /**
   * A refused event: the app, the hash of the request body ({@link #requestHash}) and the event's
   * position in it, so that the same request retried quarantines each event once.
   */
  public static String quarantined(String appId, String requestHash, int index) {
    return sha256Hex(appId + "\n" + requestHash + "\n" + index);
  }

  /** The hash of a request body, the part of {@link #quarantined} that names the request. */
  public static String requestHash(byte[] body) {
    return HexFormat.of().formatHex(sha256().digest(body));
  }

  /** The key a profile is kept under: the userId, else {@code anon:<anonymousId>}. */
  public static String userKey(String userId, String anonymousId) {
    return userId != null ? userId : "anon:" + anonymousId;
  }

  /**
   * The user's signal of {@code type} for one episode (the event, the trial's end, the signup...):
   * the same episode gives the same id, so a signal is raised once per episode.
   */
  public static String signal(String appId, String userId, SignalType type, String... episode) {
    String[] parts = new String[4 + episode.length];
    parts[0] = "signal";
    parts[1] = appId;
    parts[2] = userId;
    parts[3] = type.name();
    System.arraycopy(episode, 0, parts, 4, episode.length);
    return hash(parts);
  }

  /** The decision of a signal: one per signal, so a signal already decided is recognised. */
  public static String decision(String appId, String signalId) {
    return hash("decision", appId, signalId);
  }

  /** The decision of {@code signal}: {@link #decision} of its app and id. */
  public static String decisionOf(Signal signal) {
    return decision(signal.appId(), signal.signalId());
  }

  /** The decision that releases, or withdraws, the deferred decision {@code deferredId}. */
  public static String released(String deferredId) {
    return deferredId + RELEASE_SUFFIX;
  }

  /** The outbound message a SEND decision is composed into: one per decision. */
  public static String outbound(String sendDecisionId) {
    return hash("message", sendDecisionId);
  }

  /**
   * The outbound message that a SEND or DEFERRED decision leads to: a deferred decision's message
   * is composed from the decision that releases it.
   */
  public static String outboundOf(Decision decision) {
    return outbound(
        decision.outcome() == Outcome.DEFERRED
            ? released(decision.decisionId())
            : decision.decisionId());
  }

  /** The event feedback about an outbound message becomes: one per message and kind. */
  public static String feedbackEvent(String outboundId, String kind) {
    return FEEDBACK_PREFIX + outboundId + ":" + kind;
  }

  /**
   * The event an inbound SMS keyword (STOP, START...) becomes: one per provider message, named by
   * the SMS provider's id of the inbound message (Twilio's {@code MessageSid}), so that a retried
   * webhook changes consent once.
   */
  public static String smsKeywordEvent(String providerMessageId) {
    return SMS_KEYWORD_PREFIX + providerMessageId;
  }

  /**
   * The event a choice on the preference page becomes: one per message's page and moment, so that
   * each submission is its own statement in the consent trail.
   */
  public static String preferenceEvent(String outboundId, java.time.Instant at) {
    return PREFERENCE_PREFIX + outboundId + ":" + at.toEpochMilli();
  }

  /**
   * Whether the event was made by the platform, not sent by a client ({@link
   * #PLATFORM_EVENT_PREFIXES}).
   */
  public static boolean isPlatformEvent(String messageId) {
    return PLATFORM_EVENT_PREFIXES.stream().anyMatch(messageId::startsWith);
  }

  /** Whether the event is the user's own choice on the preference page. */
  public static boolean isPreferenceEvent(String messageId) {
    return messageId.startsWith(PREFERENCE_PREFIX);
  }

  /**
   * The user's task of a kind that a user has at most one of (every kind but {@link
   * TaskKind#RELEASE_DECISION}): scheduling it again moves it.
   */
  public static String task(TaskKind kind, String appId, String userId) {
    String prefix =
        switch (kind) {
          case INACTIVITY_CHECK -> "inactive";
          case TRIAL_ENDING -> "trial";
          case TRIAL_LAST_CALL -> "trial-last-call";
          case DRIFT_CHECK -> "drift";
          case ONBOARDING_CHECK -> "onboarding";
          case FEATURE_DISCOVERY_CHECK -> "discovery";
          case RELEASE_DECISION ->
              throw new IllegalArgumentException("a release task is per decision: releaseTask");
        };
    return prefix + ":" + appId + ":" + userId;
  }

  /** The task that releases the deferred decision {@code deferredId} at its sendAt. */
  public static String releaseTask(String deferredId) {
    return RELEASE_TASK_PREFIX + deferredId;
  }

  /** A value in {@code [0, 100)} spread evenly over app and user, for the global holdout. */
  public static int holdoutPercentile(String appId, String userId) {
    return percentile(digest(appId + ":" + userId));
  }

  /**
   * A decision's draw for the exploration share: a stable hash of its id, uniform over 0..99 and
   * independent of the user's holdout bucket.
   */
  public static int explorationPercentile(String decisionId) {
    return percentile(digest("explore:" + decisionId));
  }

  private static int percentile(byte[] d) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (d[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(value, 100);
  }

  private static String hash(String... parts) {
    return HexFormat.of().formatHex(digest(parts), 0, 16);
  }

  private static byte[] digest(String... parts) {
    StringBuilder joined = new StringBuilder();
    for (String part : parts) {
      joined.append(part).append(SEPARATOR);
    }
    return sha256().digest(joined.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void appendField(StringBuilder key, String field) {
    key.append(field.length()).append(':').append(field).append(';');
  }

  // one per thread: looking the algorithm up costs more than hashing a short key, and ingest hashes
  // one key per user of a request; digest() leaves it reset for the next use
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Ids::newSha256);

  private static MessageDigest sha256() {
    return SHA_256.get();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
