package dev.userwhisperer.models.effect;

/** A model directory that cannot be loaded as it is: the message says what is wrong and where. */
public final class InvalidModelException extends RuntimeException {
  public InvalidModelException(String message) {
    super(message);
  }
}
