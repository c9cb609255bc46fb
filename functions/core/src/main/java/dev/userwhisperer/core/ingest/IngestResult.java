package dev.userwhisperer.core.ingest;

import dev.userwhisperer.core.port.Violation;
import java.util.List;

/**
 * The 202 body of {@code POST /v1/events}: one entry per event sent, in order.
 *
 * @param accepted events published for processing
 * @param duplicates events whose messageId was accepted before (or earlier in the same batch)
 * @param rejected events quarantined with their errors
 */
public record IngestResult(int accepted, int duplicates, int rejected, List<EventResult> results) {

  public IngestResult {
    results = List.copyOf(results);
  }

  public static IngestResult of(List<EventResult> results) {
    int accepted = 0;
    int duplicates = 0;
    int rejected = 0;
    for (EventResult r : results) {
      switch (r.status()) {
        case EventResult.ACCEPTED -> accepted++;
        case EventResult.DUPLICATE -> duplicates++;
        default -> rejected++;
      }
    }
    return new IngestResult(accepted, duplicates, rejected, results);
  }

  /**
   * @param index position in the batch (0 for a single event)
   * @param messageId as sent, or null when it was missing or not a string
   * @param status {@code accepted}, {@code duplicate} or {@code rejected}
   * @param errors why it was rejected; empty otherwise
   */
  public record EventResult(int index, String messageId, String status, List<FieldError> errors) {
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";

    public EventResult {
      if (!List.of(ACCEPTED, DUPLICATE, REJECTED).contains(status)) {
        throw new IllegalArgumentException("unknown status " + status);
      }
      errors = List.copyOf(errors);
    }
  }

  /** A {@link Violation} as the API shows it: {@code field} is the JSON pointer in the body. */
  public record FieldError(String code, String field, String message) {
    static FieldError of(Violation v) {
      return new FieldError(v.code(), v.pointer(), v.message());
    }
  }
}
