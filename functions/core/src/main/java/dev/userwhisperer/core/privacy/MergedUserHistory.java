package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.ConsentRecord;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A user's history with that of the anonymous profiles an {@code alias} merged into the user
 * ({@link ProfileStore#mergedInto}): the decisions made, messages sent and consent stated under
 * {@code anon:} ids before the user was identified stay recorded under those ids, and are read from
 * both here. The merge folds the profile; this is what follows it for everything else.
 */
public final class MergedUserHistory {
  private final ProfileStore profiles;
  private final DecisionLog decisions;
  private final MessageHistory messages;
  private final ConsentTrail consent;

  public MergedUserHistory(
      ProfileStore profiles, DecisionLog decisions, MessageHistory messages, ConsentTrail consent) {
    this.profiles = Objects.requireNonNull(profiles, "profiles");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.consent = Objects.requireNonNull(consent, "consent");
  }

  /**
   * The user's id, then the ids of the profiles merged into it ({@link #ids(ProfileStore, String,
   * String)}).
   */
  public List<String> ids(String appId, String userId) {
    return ids(profiles, appId, userId);
  }

  /**
   * The user's id, then the ids of the profiles merged into it, and of those merged into them (an
   * alias chain), each once, nearest first: whose records are the user's own, for the console, the
   * data export and the erasure alike.
   */
  public static List<String> ids(ProfileStore profiles, String appId, String userId) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(userId);
    Deque<String> toVisit = new ArrayDeque<>(List.of(userId));
    while (!toVisit.isEmpty()) {
      for (String merged : profiles.mergedInto(appId, toVisit.removeFirst())) {
        if (ids.add(merged)) {
          toVisit.addLast(merged);
        }
      }
    }
    return List.copyOf(ids);
  }

  /** At most {@code limit} decisions under any of the user's ids, newest first. */
  public List<Decision> decisions(String appId, String userId, int limit) {
    return ids(appId, userId).stream()
        .flatMap(id -> decisions.recent(appId, id, limit).stream())
        .sorted(
            Comparator.comparing(Decision::decidedAt)
                .reversed()
                .thenComparing(Decision::decisionId))
        .limit(limit)
        .toList();
  }

  /** At most {@code limit} messages sent to any of the user's ids, newest first. */
  public List<MessageHistory.Entry> messages(String appId, String userId, int limit) {
    return ids(appId, userId).stream()
        .flatMap(id -> messages.sentTo(appId, id, limit).stream())
        .sorted(
            Comparator.comparing(MessageHistory.Entry::at)
                .reversed()
                .thenComparing(e -> e.message().outboundId()))
        .limit(limit)
        .toList();
  }

  /** Every consent statement under any of the user's ids, oldest first. */
  public List<ConsentRecord> consent(String appId, String userId) {
    return ids(appId, userId).stream()
        .flatMap(id -> consent.list(appId, id).stream())
        .sorted(Comparator.comparing(ConsentRecord::at).thenComparing(ConsentRecord::recordId))
        .toList();
  }
}
