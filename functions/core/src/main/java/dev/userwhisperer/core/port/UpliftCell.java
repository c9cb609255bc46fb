package dev.userwhisperer.core.port;

import java.util.Objects;

/**
 * The treated and held-out outcomes of one intervention for one segment of one app: the users in
 * lifecycle stage {@code lifecycle} when decide chose {@code intervention} for them.
 *
 * @param lifecycle a {@link dev.userwhisperer.core.profile.LifecycleStage} name
 * @param treated the SEND decisions
 * @param control the HELD_OUT decisions (reason {@code holdout}) that withheld the intervention
 */
public record UpliftCell(
    String appId, String intervention, String lifecycle, ArmOutcomes treated, ArmOutcomes control) {
  public UpliftCell {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(intervention, "intervention");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(treated, "treated");
    Objects.requireNonNull(control, "control");
  }

  /** The key a profile is looked up by. */
  public Key key() {
    return new Key(appId, intervention, lifecycle);
  }

  public record Key(String appId, String intervention, String lifecycle) {}
}
