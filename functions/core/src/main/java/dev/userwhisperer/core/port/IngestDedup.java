package dev.userwhisperer.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * The messageIds ingest has accepted per app, so that a replayed event is answered "duplicate". An
 * id is remembered for at least {@link #RETENTION} after it was accepted; clients retry within
 * minutes, and keeping every id forever would grow without bound.
 */
public interface IngestDedup {
  Duration RETENTION = Duration.ofDays(7);

  /** Which of {@code messageIds} were accepted before. */
  Set<String> seen(String appId, Collection<String> messageIds);

  void remember(String appId, Collection<String> messageIds, Instant acceptedAt);
}
