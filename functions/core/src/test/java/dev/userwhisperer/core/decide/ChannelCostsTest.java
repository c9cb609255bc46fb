package dev.userwhisperer.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.message.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelCostsTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private static AppConfig config(
      List<AppConfig.Plan> plans, Map<String, AppConfig.ChannelSettings> channels) {
    return new AppConfig(
        new AppConfig.Product("Tempo", null),
        null,
        null,
        plans,
        null,
        null,
        null,
        null,
        null,
        null,
        channels);
  }

  private static AppConfig.Plan plan(String price, String period) {
    return new AppConfig.Plan("p" + price, "Pro", new BigDecimal(price), "USD", period);
  }

  private static AppConfig.ChannelSettings costs(String dollars) {
    return new AppConfig.ChannelSettings(new BigDecimal(dollars), null, null);
  }

  /** A store holding one configuration per app, counting reads. */
  private static final class Store implements AppConfigStore {
    final Map<String, AppConfig> configs = new HashMap<>();
    final List<String> reads = new ArrayList<>();

    @Override
    public Optional<AppConfigRevision> latest(String appId) {
      reads.add(appId);
      return Optional.ofNullable(configs.get(appId))
          .map(c -> new AppConfigRevision(appId, 1, c, T0));
    }

    @Override
    public Optional<AppConfigRevision> find(String appId, long version) {
      return latest(appId);
    }

    @Override
    public List<AppConfigRevision> history(String appId, int limit) {
      return latest(appId).stream().toList();
    }

    @Override
    public AppConfigRevision save(String appId, AppConfig config, Instant savedAt) {
      configs.put(appId, config);
      return new AppConfigRevision(appId, 1, config, savedAt);
    }
  }

  @Test
  void anAppsDollarCostIsWeighedAgainstAMonthOfItsCheapestPlan() {
    AppConfig tempo =
        config(
            List.of(plan("7.99", "month"), plan("59.99", "year")),
            Map.of("sms", costs("0.05"), "email", costs("0.001")));

    // the yearly plan is the cheapest month: 59.99 / 12 = 4.999...
    assertThat(ChannelCosts.configured(tempo, Channel.SMS).orElseThrow())
        .isCloseTo(0.05 / (59.99 / 12), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ChannelCosts.configured(tempo, Channel.EMAIL).orElseThrow())
        .isCloseTo(0.001 / (59.99 / 12), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ChannelCosts.configured(tempo, Channel.PUSH)).isEmpty();
  }

  @Test
  void withoutAPlanToValueTheGoalByOrACostTheChannelCostsWhatThePolicySays() {
    Store store = new Store();
    store.configs.put("no-plans", config(List.of(), Map.of("sms", costs("0.05"))));
    store.configs.put(
        "cheap-sms", config(List.of(plan("10", "month")), Map.of("sms", costs("0.02"))));
    ChannelCosts costs =
        ChannelCosts.perApp(
            new RecentAppConfigs(store, Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMinutes(5)),
            DecisionPolicy.DEFAULTS);

    assertThat(costs.of("no-plans", Channel.SMS)).isEqualTo(DecisionPolicy.DEFAULT_SMS_COST);
    assertThat(costs.of("unconfigured", Channel.SMS)).isEqualTo(DecisionPolicy.DEFAULT_SMS_COST);
    assertThat(costs.of("cheap-sms", Channel.SMS)).isCloseTo(0.002, offsetOf());
    assertThat(costs.of("cheap-sms", Channel.EMAIL)).isZero();
  }

  @Test
  void theConfigurationIsReadOncePerAppUntilItIsOlderThanTheMaxAge() {
    Store store = new Store();
    store.configs.put("a", config(List.of(plan("10", "month")), Map.of("sms", costs("0.1"))));
    MutableClock clock = new MutableClock();
    ChannelCosts costs =
        ChannelCosts.perApp(
            new RecentAppConfigs(store, clock, Duration.ofMinutes(5)), DecisionPolicy.DEFAULTS);

    costs.of("a", Channel.SMS);
    costs.of("a", Channel.EMAIL);
    store.configs.put("a", config(List.of(plan("10", "month")), Map.of("sms", costs("0.5"))));
    assertThat(costs.of("a", Channel.SMS)).isCloseTo(0.01, offsetOf());
    clock.now = T0.plus(Duration.ofMinutes(5));

    assertThat(costs.of("a", Channel.SMS)).isCloseTo(0.05, offsetOf());
    assertThat(store.reads).containsExactly("a", "a");
  }

  private static org.assertj.core.data.Offset<Double> offsetOf() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  private static final class MutableClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
