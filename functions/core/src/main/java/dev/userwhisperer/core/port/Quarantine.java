package dev.userwhisperer.core.port;

import java.util.List;

/** Rejected events with their reasons and original payload; never silently dropped. */
public interface Quarantine {
  void put(List<QuarantinedEvent> events);

  /** The newest first. */
  List<QuarantinedEvent> list(String appId, int limit);
}
