package dev.userwhisperer.core.privacy;

import dev.userwhisperer.core.port.PersonalDataStore.Erased;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an erasure removed, where: the answer to {@code DELETE /v1/users/{userId}}.
 *
 * @param erasureId names this erasure (a hash of app, user and time), for the caller's records
 * @param mergedIds the ids of the profiles merged into the user by an {@code alias} (and along the
 *     alias chain), erased with the user; empty when none
 * @param erased every place looked at, with the rows or documents removed there
 * @param total the sum of the counts; 0 when nothing was held (an erasure repeated)
 * @param suppressionsKept the channels whose opt-out is kept as an address pseudonym, so that it is
 *     still honoured (the one thing kept, see docs/privacy.md)
 */
public record ErasureReceipt(
    String erasureId,
    String appId,
    String userId,
    List<String> mergedIds,
    Instant erasedAt,
    List<Erased> erased,
    long total,
    List<String> suppressionsKept) {
  public ErasureReceipt {
    Objects.requireNonNull(erasureId, "erasureId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(erasedAt, "erasedAt");
    mergedIds = List.copyOf(mergedIds);
    erased = List.copyOf(erased);
    suppressionsKept = List.copyOf(suppressionsKept);
    if (total != erased.stream().mapToLong(Erased::count).sum()) {
      throw new IllegalArgumentException("total must be the sum of the counts");
    }
  }
}
