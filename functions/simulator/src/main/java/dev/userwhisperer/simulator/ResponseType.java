package dev.userwhisperer.simulator;

/**
 * How a user's behaviour answers a message, hidden from every arm but the oracle: the platform sees
 * only the events the user causes. The four groups of uplift modelling (Radcliffe & Surry 2011) are
 * three types here: sure things and lost causes are both {@link #UNMOVED}, and which of the two a
 * user is shows only in their fate without messages.
 */
public enum ResponseType {
  /**
   * A relevant message helps: an opened one lowers the churn hazard for a while and brings the user
   * back, a trial reminder lifts conversion, a clicked payment notice gets the card fixed; too many
   * messages annoy. The response model of the simulator as it was before types existed.
   */
  PERSUADABLE,
  /**
   * Opens and clicks like anyone, but lives the same life whatever it is sent: no return, no
   * protection, no annoyance, no lift.
   */
  UNMOVED,
  /**
   * A sleeping dog: every message raises the churn hazard for a week and, in the trial's last days,
   * lowers conversion; it unsubscribes more often. Opens and clicks still bring it nothing.
   */
  SLEEPING_DOG
}
