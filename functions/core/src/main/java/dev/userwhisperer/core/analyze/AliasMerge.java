package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.message.Event;
import dev.userwhisperer.core.message.EventTypes;
import dev.userwhisperer.core.message.Ids;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.profile.Profile;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies the {@code alias} events of a batch before the batch itself: the anonymous profile {@code
 * anon:<previousId>} is folded into the identified user's ({@link ProfileMerge}), and stays behind
 * as a mark that sends its later events there (see {@link Analyzer}).
 *
 * <p>Three writes, each on one profile and each idempotent, so that a crash between any two and the
 * redelivery of the alias leave one merge: (1) the anonymous profile is marked merged, its content
 * read in the same transaction, so an anonymous event is either in that content or, arriving after
 * the mark, redirected to the identified profile, never both; (2) the identified profile folds that
 * content in unless it remembers this alias ({@code alias:<messageId>} among its applied ids); (3)
 * the anonymous profile is emptied, so a later redelivery has nothing left to fold. The anonymous
 * user's checks (inactivity, trial, onboarding...) are cancelled. The first alias of an anonymous
 * id wins: a second one naming another user changes nothing.
 */
final class AliasMerge {
  private static final String ANONYMOUS_PREFIX = Ids.userKey(null, "");

  private AliasMerge() {}

  static void mergeAliased(ProfileStore profiles, String appId, String userId, List<Event> events) {
    for (Event event : events) {
      if (EventTypes.ALIAS.equals(event.type())
          && userId.equals(event.userId())
          && event.properties().get(EventTypes.PREVIOUS_ID) instanceof String previousId) {
        String anonymous = Ids.userKey(null, previousId);
        // a userId spelled like an anonymous key could chain marks into a cycle: not merged into
        if (!userId.startsWith(ANONYMOUS_PREFIX)) {
          merge(profiles, appId, anonymous, userId, "alias:" + event.messageId());
        }
      }
    }
  }

  private static void merge(
      ProfileStore profiles, String appId, String anonymous, String userId, String guard) {
    AtomicReference<Profile> content = new AtomicReference<>();
    profiles.update(
        appId,
        anonymous,
        current -> {
          if (current.mergedInto() == null) {
            content.set(current);
            return current.markedMergedInto(userId);
          }
          content.set(current.mergedInto().equals(userId) ? current : null);
          return current;
        });
    Profile folded = content.get();
    if (folded == null) {
      return;
    }
    profiles.update(
        appId,
        userId,
        current ->
            current.recentMessageIds().contains(guard)
                ? current
                : ProfileMerge.remember(ProfileMerge.merge(current, folded), guard));
    profiles.update(
        appId,
        anonymous,
        current -> userId.equals(current.mergedInto()) ? current.foldedInto(userId) : current);
  }
}
