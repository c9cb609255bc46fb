package dev.userwhisperer.core.analyze;

import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Responsiveness.MessageEffect;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Whether a profile's next version is worth a row in {@code profile_snapshots}: only what the
 * readers of snapshots see counts, so most batches write none. The readers:
 *
 * <ul>
 *   <li>the console's users by stage and the view {@code uplift_outcomes} (the stage at a
 *       decision): the lifecycle, and the billing status beside it;
 *   <li>the view {@code churn_risk_daily}: each scored user's score per UTC day, so the first
 *       version of each day, and any version whose score changes its tenth, model or risk episode;
 *   <li>{@code UpliftSource.messageEffects} (the spread of users' message readings): each user's
 *       latest reading in the window, so the first version of each day and any new reading;
 *   <li>consent and unsubscribes, shown with the snapshot's profile.
 * </ul>
 *
 * Counters, last activity and the engagement score move with nearly every batch and no reader of
 * snapshots asks for them between days: a snapshot shows them as of its own time.
 */
public final class SnapshotChange {
  private SnapshotChange() {}

  /** Whether {@code after} shows a reader of snapshots something {@code before} did not. */
  public static boolean shows(Profile before, Profile after) {
    if (before == null || before.updatedAt() == null || after.updatedAt() == null) {
      return true;
    }
    return !before
            .updatedAt()
            .atOffset(ZoneOffset.UTC)
            .toLocalDate()
            .equals(after.updatedAt().atOffset(ZoneOffset.UTC).toLocalDate())
        || before.lifecycle() != after.lifecycle()
        || before.billing().status() != after.billing().status()
        || churnMoved(before.churn(), after.churn())
        || newReading(before.responsiveness().effect(), after.responsiveness().effect())
        || !before.reachability().consent().equals(after.reachability().consent())
        || !before.reachability().unsubscribed().equals(after.reachability().unsubscribed());
  }

  /**
   * Whether a message reading settled: the counts of answers, returns and conversions beside the
   * readings have no reader among the snapshots' (the features read them from the live profile).
   */
  private static boolean newReading(MessageEffect before, MessageEffect after) {
    return before.messages() != after.messages()
        || before.lift() != after.lift()
        || !Objects.equals(before.squares(), after.squares());
  }

  private static boolean churnMoved(ChurnScore before, ChurnScore after) {
    if (before == null || after == null) {
      return before != after;
    }
    return !before.modelVersion().equals(after.modelVersion())
        || !Objects.equals(before.atRiskSince(), after.atRiskSince())
        || tenth(before.probability()) != tenth(after.probability());
  }

  private static int tenth(double probability) {
    return (int) Math.min(9, Math.floor(probability * 10));
  }
}
