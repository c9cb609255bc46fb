package dev.userwhisperer.simulator;

import java.util.List;
import java.util.Map;

/**
 * What one arm did to the population, each user observed for 30 days from signup.
 *
 * @param retention30 share of users with a session in days 23–29 after signup
 * @param trialConversion share of trial users who subscribed
 * @param churn30 share of users who left (cancelled, trial expired, card never fixed) by day 30
 * @param messagesPerUser messages delivered in the users' 30-day windows, per user
 * @param openRate opens per e-mail and push message delivered (SMS opens are not tracked)
 * @param clickRate clicks per message delivered
 * @param unsubscribedShare share of users who unsubscribed from at least one channel
 * @param survival share of users not yet gone, by day since signup 0..30
 * @param messagesByIntervention messages delivered per intervention name, sorted by name
 * @param byType the outcomes among the users of each response type, for every type
 */
public record ArmResult(
    String arm,
    int users,
    double retention30,
    double trialConversion,
    double churn30,
    double messagesPerUser,
    double openRate,
    double clickRate,
    double unsubscribedShare,
    List<Double> survival,
    List<InterventionCount> messagesByIntervention,
    Map<ResponseType, TypeOutcome> byType) {

  public ArmResult {
    survival = List.copyOf(survival);
    messagesByIntervention = List.copyOf(messagesByIntervention);
    byType = Map.copyOf(byType);
  }

  /** The outcomes among the users of one response type (the type is hidden from the arms). */
  public TypeOutcome of(ResponseType type) {
    return byType.get(type);
  }

  /**
   * One response type's users in an arm.
   *
   * @param retention30 share of them with a session in days 23–29 after signup (0 without users)
   * @param trialConversion share of their trial users who subscribed (0 without trial users)
   * @param messagesPerUser messages delivered to them in their 30-day windows, per user
   */
  public record TypeOutcome(
      int users,
      double retention30,
      int trialUsers,
      double trialConversion,
      double messagesPerUser) {}

  /**
   * Messages of one intervention and how they were answered.
   *
   * @param sendTimeFit mean timing factor of the messages ({@link ResponseModel#timing}): 1 when
   *     each arrived at its user's peak local hour, down to the channel's floor far from it
   */
  public record InterventionCount(
      String intervention, long sent, long opened, long clicked, double sendTimeFit) {}
}
