package dev.userwhisperer.core.port;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/** The messageIds ingest has accepted per app, so that a replayed event is answered "duplicate". */
public interface IngestDedup {
  /** Which of {@code messageIds} were accepted before. */
  Set<String> seen(String appId, Collection<String> messageIds);

  void remember(String appId, Collection<String> messageIds, Instant acceptedAt);
}
