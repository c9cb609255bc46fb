package dev.userwhisperer.core.port;

/**
 * An app's events-per-second budget shared by every ingest instance: each second of real time is a
 * fresh budget of {@code limit} events, and an instance claims part of it before accepting events.
 */
public interface IngestQuota {
  /**
   * Claims up to {@code events} events of the budget of {@code appId} for the second {@code
   * epochSecond}; concurrent claims never grant more than {@code limit} in total for one second.
   *
   * @return the events granted, from 0 (the second's budget is spent) to {@code events}
   * @throws TransientFailure when the budget cannot be read or written
   */
  long claim(String appId, long epochSecond, long events, long limit);
}
