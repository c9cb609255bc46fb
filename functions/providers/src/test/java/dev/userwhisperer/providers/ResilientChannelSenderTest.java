package dev.userwhisperer.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.testing.OutboundMessages;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ResilientChannelSenderTest {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final OutboundMessage message = OutboundMessages.email("m-1", "ada@example.com");

  /** Time that moves only when the sender sleeps. */
  private long nanos;

  private final List<Duration> slept = new ArrayList<>();
  private double random = 0.5;

  private ResilientChannelSender resilient(
      ChannelSender delegate, ResilientChannelSender.Policy p) {
    return resilient(delegate, p, ResilientChannelSender.breaker("test", Duration.ofSeconds(30)));
  }

  private ResilientChannelSender resilient(
      ChannelSender delegate, ResilientChannelSender.Policy p, CircuitBreaker breaker) {
    return new ResilientChannelSender(
        "test",
        delegate,
        p,
        breaker,
        () -> nanos,
        () -> random,
        d -> {
          slept.add(d);
          nanos += d.toNanos();
        });
  }

  private Delivery sent() {
    return new Delivery(
        message.outboundId(), message.appId(), message.userId(), message.channel(), "sent", "p", T);
  }

  @Test
  void sendsBeyondTheBurstAreDelayedToTheRateNotDropped() {
    Scripted delegate = new Scripted();
    ResilientChannelSender sender =
        resilient(
            delegate,
            new ResilientChannelSender.Policy(
                2, 2, 1, Duration.ofMillis(100), Duration.ofSeconds(30)));

    for (int i = 0; i < 5; i++) {
      sender.send(message);
    }

    assertThat(delegate.calls).isEqualTo(5);
    assertThat(slept)
        .containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
  }

  @Test
  void eachAppHasItsOwnBucket() {
    Scripted delegate = new Scripted();
    ResilientChannelSender sender =
        resilient(
            delegate,
            new ResilientChannelSender.Policy(
                1, 1, 1, Duration.ofMillis(100), Duration.ofSeconds(30)));

    sender.send(message);
    sender.send(OutboundMessages.of("app2", "m-2", message.channel(), "b@example.com", "s", "b"));

    assertThat(slept).isEmpty();
  }

  @Test
  void aRateLimitWaitLongerThanTheMaximumHandsTheMessageBackWithoutSpendingAToken() {
    Scripted delegate = new Scripted();
    ResilientChannelSender sender =
        resilient(
            delegate,
            new ResilientChannelSender.Policy(
                1, 1, 1, Duration.ofMillis(100), Duration.ofMillis(500)));
    sender.send(message);

    assertThatThrownBy(() -> sender.send(message)).isInstanceOf(ProviderUnavailable.class);
    nanos += Duration.ofSeconds(1).toNanos();
    sender.send(message);

    assertThat(delegate.calls).isEqualTo(2);
  }

  @Test
  void notAcceptedAnswersAreRetriedWithJitteredBackoffHonouringRetryAfter() {
    Scripted delegate =
        new Scripted(
            () -> {
              throw new ProviderUnavailable("503", null);
            },
            () -> {
              throw new ProviderUnavailable("429", Duration.ofSeconds(4));
            },
            this::sent);
    random = 0.5;
    ResilientChannelSender sender =
        resilient(
            delegate,
            new ResilientChannelSender.Policy(
                100, 100, 3, Duration.ofMillis(200), Duration.ofSeconds(30)));

    assertThat(sender.send(message).status()).isEqualTo("sent");

    assertThat(delegate.calls).isEqualTo(3);
    // half of the 200 ms ceiling, then the provider's 4 s over half of 400 ms
    assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofSeconds(4));
  }

  @Test
  void aRetryAfterBeyondTheMaximumWaitGoesBackToTheBusAtOnce() {
    Scripted delegate =
        new Scripted(
            () -> {
              throw new ProviderUnavailable("429", Duration.ofMinutes(5));
            });
    ResilientChannelSender sender =
        resilient(
            delegate,
            new ResilientChannelSender.Policy(
                100, 100, 3, Duration.ofMillis(200), Duration.ofSeconds(30)));

    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOfSatisfying(
            ProviderUnavailable.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(5)));
    assertThat(delegate.calls).isEqualTo(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void anUnknownOutcomeAndARefusalAreNeverRetriedHere() {
    Scripted unknown =
        new Scripted(
            () -> {
              throw new OutcomeUnknown("read timed out");
            });
    Scripted refused =
        new Scripted(
            () -> {
              throw new SendRejected("21211", "bad number");
            });
    ResilientChannelSender.Policy threeTries =
        new ResilientChannelSender.Policy(
            100, 100, 3, Duration.ofMillis(200), Duration.ofSeconds(30));

    assertThatThrownBy(() -> resilient(unknown, threeTries).send(message))
        .isInstanceOf(OutcomeUnknown.class);
    assertThatThrownBy(() -> resilient(refused, threeTries).send(message))
        .isInstanceOf(SendRejected.class);
    assertThat(unknown.calls).isEqualTo(1);
    assertThat(refused.calls).isEqualTo(1);
  }

  @Test
  void anOutageOpensTheBreakerWhichParksMessagesWithoutCallingTheProvider() {
    Scripted failing = new Scripted();
    failing.always =
        () -> {
          throw new ProviderUnavailable("503", null);
        };
    ResilientChannelSender sender =
        resilient(
            failing,
            new ResilientChannelSender.Policy(
                1000, 1000, 1, Duration.ofMillis(1), Duration.ofSeconds(30)));

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> sender.send(message)).isInstanceOf(ProviderUnavailable.class);
    }
    assertThat(sender.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> sender.send(message))
        .isInstanceOf(ProviderUnavailable.class)
        .hasMessageContaining("circuit is open");

    assertThat(failing.calls).isEqualTo(10);
  }

  @Test
  void refusalsDoNotOpenTheBreaker() {
    Scripted refusing = new Scripted();
    refusing.always =
        () -> {
          throw new SendRejected("invalid", "bad address");
        };
    ResilientChannelSender sender =
        resilient(
            refusing,
            new ResilientChannelSender.Policy(
                1000, 1000, 1, Duration.ofMillis(1), Duration.ofSeconds(30)));

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> sender.send(message)).isInstanceOf(SendRejected.class);
    }

    assertThat(sender.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  private final class Scripted implements ChannelSender {
    private final Deque<Supplier<Delivery>> script;
    Supplier<Delivery> always = ResilientChannelSenderTest.this::sent;
    int calls;

    @SafeVarargs
    Scripted(Supplier<Delivery>... script) {
      this.script = new ArrayDeque<>(List.of(script));
    }

    @Override
    public Delivery send(OutboundMessage m) {
      calls++;
      return script.isEmpty() ? always.get() : script.removeFirst().get();
    }
  }
}
