package dev.userwhisperer.core.testing;

import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.profile.Activity;
import dev.userwhisperer.core.profile.Billing;
import dev.userwhisperer.core.profile.Billing.BillingStatus;
import dev.userwhisperer.core.profile.ChurnScore;
import dev.userwhisperer.core.profile.Features;
import dev.userwhisperer.core.profile.LifecycleStage;
import dev.userwhisperer.core.profile.Profile;
import dev.userwhisperer.core.profile.Reachability;
import dev.userwhisperer.core.profile.Responsiveness;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds test profiles: {@code
 * Profiles.user("u1").email("a@b.c").timezone("Europe/Madrid").build()}. By default the user was
 * first seen and last active at {@link #T0} with nothing else known.
 */
public final class Profiles {
  public static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");

  private String appId = TestEvents.APP;
  private final String userId;
  private final Map<String, Object> traits = new LinkedHashMap<>();
  private String email;
  private String phone;
  private String pushToken;
  private final Map<Channel, Boolean> consent = new EnumMap<>(Channel.class);
  private final Set<Channel> unsubscribed = EnumSet.noneOf(Channel.class);
  private Instant firstSeen = T0;
  private Instant lastActiveAt = T0;
  private long sessions = 1;
  private final Map<String, Long> counts = new HashMap<>();
  private Billing billing = Billing.NONE;
  private LifecycleStage lifecycle = LifecycleStage.NEW;
  private ChurnScore churn;
  private Responsiveness responsiveness = Responsiveness.NONE;
  private Features features = Features.NONE;

  private Profiles(String userId) {
    this.userId = userId;
  }

  public static Profiles user(String userId) {
    return new Profiles(userId);
  }

  public Profiles app(String appId) {
    this.appId = appId;
    return this;
  }

  public Profiles trait(String key, Object value) {
    traits.put(key, value);
    return this;
  }

  public Profiles firstName(String name) {
    return trait("firstName", name);
  }

  public Profiles locale(String locale) {
    return trait("locale", locale);
  }

  public Profiles timezone(String zone) {
    return trait("timezone", zone);
  }

  public Profiles email(String email) {
    this.email = email;
    return this;
  }

  public Profiles phone(String phone) {
    this.phone = phone;
    return this;
  }

  public Profiles pushToken(String token) {
    this.pushToken = token;
    return this;
  }

  public Profiles consent(Channel channel, boolean given) {
    consent.put(channel, given);
    return this;
  }

  public Profiles unsubscribed(Channel channel) {
    unsubscribed.add(channel);
    return this;
  }

  public Profiles firstSeen(Instant at) {
    this.firstSeen = at;
    return this;
  }

  public Profiles lastActiveAt(Instant at) {
    this.lastActiveAt = at;
    return this;
  }

  public Profiles sessions(long sessions) {
    this.sessions = sessions;
    return this;
  }

  public Profiles count(String type, long count) {
    counts.put(type, count);
    return this;
  }

  public Profiles billing(BillingStatus status) {
    return billing(new Billing(status, null, null, null, 0));
  }

  public Profiles trialing(Instant endsAt) {
    return billing(
        new Billing(BillingStatus.TRIALING, null, endsAt.minusSeconds(14 * 86_400), endsAt, 0));
  }

  public Profiles billing(Billing billing) {
    this.billing = billing;
    return this;
  }

  public Profiles lifecycle(LifecycleStage stage) {
    this.lifecycle = stage;
    return this;
  }

  /** A churn score of {@code probability} from model {@code test}, as of {@link #T0}. */
  public Profiles churn(double probability) {
    this.churn = new ChurnScore(probability, "test", T0, null);
    return this;
  }

  public Profiles responsiveness(Responsiveness responsiveness) {
    this.responsiveness = responsiveness;
    return this;
  }

  public Profiles features(Features features) {
    this.features = features;
    return this;
  }

  public Profile build() {
    long events = Math.max(1, counts.values().stream().mapToLong(Long::longValue).sum());
    Instant lastSeen = lastActiveAt == null ? firstSeen : lastActiveAt;
    return new Profile(
        appId,
        userId,
        traits,
        new Reachability(email, phone, pushToken, consent, unsubscribed),
        new Activity(firstSeen, lastSeen, lastActiveAt, events, sessions, counts),
        billing,
        lifecycle,
        features,
        null,
        churn,
        responsiveness,
        List.of(),
        lastSeen);
  }
}
