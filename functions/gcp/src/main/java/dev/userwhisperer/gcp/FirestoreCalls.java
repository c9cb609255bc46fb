package dev.userwhisperer.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.FirestoreException;
import dev.userwhisperer.core.port.TransientFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Waits for Firestore calls, sorting their failures into transient and permanent, and maps times.
 */
final class FirestoreCalls {
  private static final Set<Status.Code> TRANSIENT =
      EnumSet.of(
          Status.Code.ABORTED,
          Status.Code.CANCELLED,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.INTERNAL,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.UNAVAILABLE,
          Status.Code.UNKNOWN);

  private FirestoreCalls() {}

  /**
   * @throws TransientFailure when a retry may succeed (contention, unavailability, quota)
   * @throws RuntimeException the call's own failure otherwise
   */
  static <T> T await(ApiFuture<T> call, String what) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (statusCode(cause).filter(TRANSIENT::contains).isPresent()) {
        throw new TransientFailure(what + " failed", cause);
      }
      throw cause instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(what + " failed", cause);
    }
  }

  /**
   * Waits for a {@code create}.
   *
   * @return false when the document existed already (and was left as it was)
   */
  static boolean create(ApiFuture<?> call, String what) {
    try {
      await(call, what);
      return true;
    } catch (RuntimeException e) {
      if (statusCode(e).filter(Status.Code.ALREADY_EXISTS::equals).isPresent()) {
        return false;
      }
      throw e;
    }
  }

  /** The gRPC status of a Firestore failure, through its causes; empty when it has none. */
  static Optional<Status.Code> statusCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof FirestoreException f && f.getStatus() != null) {
        return Optional.of(f.getStatus().getCode());
      }
      if (t instanceof ApiException api) {
        return Optional.of(Status.Code.valueOf(api.getStatusCode().getCode().name()));
      }
      if (t instanceof StatusRuntimeException grpc) {
        return Optional.of(grpc.getStatus().getCode());
      }
    }
    return Optional.empty();
  }

  /** Firestore keeps microseconds: finer parts of {@code instant} are dropped. */
  static Timestamp timestamp(Instant instant) {
    return instant == null
        ? null
        : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null
        ? null
        : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
