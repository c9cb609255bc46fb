package dev.userwhisperer.simulator;

/** What a user did with a message. */
public enum Feedback {
  OPEN,
  CLICK,
  UNSUBSCRIBE
}
