package dev.userwhisperer.models.uplift;

/** Campaign data an uplift model cannot be trained on or score, with the reason. */
public final class InvalidCampaignException extends RuntimeException {
  public InvalidCampaignException(String message) {
    super(message);
  }
}
