package dev.userwhisperer.core.port;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.ConsentRecord;
import java.time.Instant;
import java.util.List;

/**
 * Every consent statement per user, append-only (the audit trail), and the suppression list that
 * outlives an erased user: pseudonyms of addresses that opted out, so that an opt-out is honoured
 * after the user's data is gone.
 */
public interface ConsentTrail {
  /** Appends the records; a record whose id is already held changes nothing. */
  void append(List<ConsentRecord> records);

  /** The user's records, oldest first; records of one instant in the order of their ids. */
  List<ConsentRecord> list(String appId, String userId);

  /**
   * Keeps an opt-out of {@code channel} for the address whose {@code ContactData.pseudonym} is
   * given; keeping it again changes nothing.
   */
  void suppress(String appId, Channel channel, String addressPseudonym, Instant at);

  /** Whether an opt-out of {@code channel} is kept for the address with this pseudonym. */
  boolean suppressed(String appId, Channel channel, String addressPseudonym);
}
