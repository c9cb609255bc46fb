package dev.userwhisperer.core.port;

/**
 * What a provider's API says about a send whose outcome was unknown.
 *
 * @param providerId the provider's id when {@link Verdict#ACCEPTED}
 */
public record Reconciliation(Verdict verdict, String providerId) {
  public enum Verdict {
    ACCEPTED,
    NOT_ACCEPTED,
    UNKNOWN
  }

  public static final Reconciliation UNKNOWN = new Reconciliation(Verdict.UNKNOWN, null);
  public static final Reconciliation NOT_ACCEPTED = new Reconciliation(Verdict.NOT_ACCEPTED, null);

  public static Reconciliation accepted(String providerId) {
    return new Reconciliation(Verdict.ACCEPTED, providerId);
  }
}
