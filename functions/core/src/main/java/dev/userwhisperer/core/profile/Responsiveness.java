package dev.userwhisperer.core.profile;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.userwhisperer.core.message.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the user's responses to messages have taught decide: Beta counts per arm for the channel and
 * send-time bandits, the messages whose attribution window is still open, and the run of ignored
 * messages that drives the adaptive frequency cap.
 *
 * <p>A message enters {@link #pending} when decide sends or schedules it, and is answered when an
 * open ({@link Answer#ENGAGED}) or click ({@link Answer#CLICKED}) of that outboundId or a
 * conversion (last touch: {@link Answer#CONVERTED}) falls within the attribution window after its
 * sendAt. An answer restores the frequency cap at once (the ignored run ends), but the message's
 * outcome reaches the arm counts only when its window has passed: answered as a success, unanswered
 * as a failure (and one more in the ignored run). Each settles exactly once, because settling
 * removes it: a redelivered open finds the message already answered or gone. Every settlement
 * returns the counts it added, for the app-wide statistics.
 *
 * <p>Why outcomes wait for the window: an open arrives minutes or hours after the send, a failure
 * is known only when the window ends (and only if the user comes back for a later event or decision
 * to settle it). Counting successes at once and failures three days later made any arm whose use
 * was growing look better than it was, so the bandits used it more, which made it look better
 * still: in a simulation of 8,000 users, push went from 5 % to 91 % of the sends to users who could
 * get either within four days, although it is opened about a third as often as e-mail
 * (docs/design-notes.md). Counted when the window closes, both outcomes are equally late, and a
 * user who never returns leaves neither.
 *
 * @param arms successes and failures per arm ({@link Arms}), only arms with an outcome: sparse
 * @param pending messages awaiting the end of their window, oldest first, at most {@link
 *     #MAX_PENDING}
 * @param ignoredStreak messages whose window passed unanswered since the last answer
 * @param effect what the user's own settled messages showed of their effect on the user's activity
 *     ({@link MessageEffect}); {@link MessageEffect#NONE} when null
 */
public record Responsiveness(
    Map<String, ArmCounts> arms,
    List<PendingSend> pending,
    int ignoredStreak,
    MessageEffect effect) {

  /**
   * How soon after opening or clicking a message a session counts as the user coming back because
   * of it: the immediate response (push analytics' "influenced open"), long enough for a link to
   * open the app and short enough that the user's own rhythm seldom brings them back in it anyway.
   * An assumption, not a measurement; the user's own chance of a session in an hour is subtracted
   * where it is read ({@code own_returns}).
   */
  public static final Duration RETURN_WINDOW = Duration.ofHours(1);

  /** More outstanding messages than caps allow in a window; beyond it the oldest is dropped. */
  public static final int MAX_PENDING = 32;

  public static final Responsiveness NONE =
      new Responsiveness(Map.of(), List.of(), 0, MessageEffect.NONE);

  public Responsiveness {
    arms = arms == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(arms));
    pending = pending == null ? List.of() : List.copyOf(pending);
    if (ignoredStreak < 0) {
      throw new IllegalArgumentException("ignoredStreak must not be negative: " + ignoredStreak);
    }
    effect = effect == null ? MessageEffect.NONE : effect;
  }

  public Responsiveness(Map<String, ArmCounts> arms, List<PendingSend> pending, int ignoredStreak) {
    this(arms, pending, ignoredStreak, MessageEffect.NONE);
  }

  /**
   * The user's own evidence on what messages do to them: over their settled messages that carried
   * an expectation, the sum of (active within the window after the send, 1 or 0) minus the
   * probability that they would have been active in that window anyway, judged from their own
   * activity before the send. Its mean is a noisy, per-user reading of the effect of messaging
   * (confounded by whatever else moved the user that week), which decide shrinks toward the model's
   * prediction ({@code PersonalUplift}) by as much as the app's own users show such readings to
   * differ ({@code EffectSpread}).
   *
   * @param messages settled messages counted
   * @param lift the sum of their (active − expected)
   * @param squares the sum of their (active − expected)², which gives the app the spread of one
   *     reading around a user's mean; null for evidence kept before it was counted (such a user
   *     adds to the app's mean reading only)
   * @param answered settled messages (with an expectation or not) that the user opened, clicked or
   *     converted after
   * @param returns of those, the ones after whose first open or click the user had a session within
   *     {@link #RETURN_WINDOW}
   * @param conversions of those, the ones the user converted after within the attribution window
   *     (last touch)
   */
  public record MessageEffect(
      int messages,
      double lift,
      Double squares,
      @JsonInclude(Include.NON_DEFAULT) Integer answered,
      @JsonInclude(Include.NON_DEFAULT) Integer returns,
      @JsonInclude(Include.NON_DEFAULT) Integer conversions) {
    public static final MessageEffect NONE = new MessageEffect(0, 0, 0.0);

    /** The counts are 0 when null (evidence kept before answers were counted). */
    public MessageEffect {
      answered = answered == null ? 0 : answered;
      returns = returns == null ? 0 : returns;
      conversions = conversions == null ? 0 : conversions;
      if (returns < 0 || conversions < 0 || returns > answered || conversions > answered) {
        throw new IllegalArgumentException(
            "returns "
                + returns
                + " and conversions "
                + conversions
                + " are not counts among "
                + answered
                + " answered messages");
      }
      if (messages < 0 || !(Math.abs(lift) <= messages)) {
        throw new IllegalArgumentException(
            "lift " + lift + " is not a sum of " + messages + " values within [-1, 1]");
      }
      // a sum of squares is at least the square of the sum over the count (Cauchy-Schwarz)
      if (squares != null
          && !(squares <= messages
              && (messages == 0 ? squares == 0 : squares >= lift * lift / messages - 1e-9))) {
        throw new IllegalArgumentException(
            "squares "
                + squares
                + " is not a sum of the squares of "
                + messages
                + " values summing to "
                + lift);
      }
    }

    /** Activity readings alone, no answers counted. */
    public MessageEffect(int messages, double lift, Double squares) {
      this(messages, lift, squares, 0, 0, 0);
    }

    /** Evidence without the sum of squares (kept before it was counted). */
    public MessageEffect(int messages, double lift) {
      this(messages, lift, messages == 0 ? 0.0 : null);
    }

    MessageEffect plus(double observed) {
      return new MessageEffect(
          messages + 1,
          lift + observed,
          squares == null ? null : squares + observed * observed,
          answered,
          returns,
          conversions);
    }

    /** With a settled message's answer counted: answered, and whether it brought a return. */
    MessageEffect answeredBy(PendingSend p) {
      if (!p.answered()) {
        return this;
      }
      return new MessageEffect(
          messages,
          lift,
          squares,
          answered + 1,
          returns + (p.returned() ? 1 : 0),
          conversions + (p.answer() == Answer.CONVERTED ? 1 : 0));
    }

    /**
     * The share of answered messages after which the user came back within the hour, 0 before any.
     */
    public double returnShare() {
      return answered == 0 ? 0 : returns / (double) answered;
    }

    /** The mean (active − expected) per message, 0 before any. */
    public double mean() {
      return messages == 0 ? 0 : lift / messages;
    }
  }

  /**
   * How the user has answered a pending message so far, the strongest answer kept: a conversion
   * over a click, a click over an open. Each is a success for the message's channel and hour; a
   * click or a conversion is also one for its content variant (an open says more about the subject
   * line and the time than about the copy).
   */
  public enum Answer {
    /** No answer yet: a failure if the window passes so. */
    NONE,
    /** Opened (in profiles stored before clicks were told apart: opened or clicked). */
    ENGAGED,
    /** Clicked, or a push notification tapped. */
    CLICKED,
    /** A conversion within its window (last touch). */
    CONVERTED;

    /** Whether this answer is a success for the message's content variant. */
    public boolean actedOn() {
      return this == CLICKED || this == CONVERTED;
    }
  }

  /**
   * A message sent or scheduled, and its answer so far.
   *
   * @param answer {@link Answer#NONE} when null (profiles stored before answers were kept)
   * @param expectedActive the probability, judged at the send from the user's own activity, that
   *     they would be active within the window anyway; null when not judged (it then adds nothing
   *     to {@link MessageEffect})
   * @param activeAfter whether the user was active within the window after the send
   * @param intervention the intervention sent, null in messages pending before variants
   * @param variant the content variant sent, null in messages pending before variants (then no
   *     variant arm learns from it)
   * @param answeredAt when the user first opened or clicked it, null before
   * @param returned whether the user had a session within {@link #RETURN_WINDOW} of {@code
   *     answeredAt}
   */
  public record PendingSend(
      @JsonAlias("messageId") String outboundId,
      Channel channel,
      int hourOfWeek,
      Instant sendAt,
      Answer answer,
      Double expectedActive,
      boolean activeAfter,
      String intervention,
      String variant,
      @JsonInclude(Include.NON_NULL) Instant answeredAt,
      @JsonInclude(Include.NON_DEFAULT) Boolean returned) {
    /** Not returned when {@code returned} is null (messages pending before returns were read). */
    public PendingSend {
      returned = Boolean.TRUE.equals(returned);
      if (returned && answeredAt == null) {
        throw new IllegalArgumentException("a return needs the open or click it followed");
      }
      Objects.requireNonNull(outboundId, "outboundId");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(sendAt, "sendAt");
      Arms.hour(hourOfWeek);
      answer = answer == null ? Answer.NONE : answer;
      if (expectedActive != null && !(expectedActive >= 0 && expectedActive <= 1)) {
        throw new IllegalArgumentException(
            "expectedActive must be within [0, 1]: " + expectedActive);
      }
    }

    /** A message not yet opened or clicked, its answer so far as given. */
    public PendingSend(
        String outboundId,
        Channel channel,
        int hourOfWeek,
        Instant sendAt,
        Answer answer,
        Double expectedActive,
        boolean activeAfter,
        String intervention,
        String variant) {
      this(
          outboundId,
          channel,
          hourOfWeek,
          sendAt,
          answer,
          expectedActive,
          activeAfter,
          intervention,
          variant,
          null,
          false);
    }

    /** A message not answered yet, with no expectation of the user's activity. */
    public PendingSend(String outboundId, Channel channel, int hourOfWeek, Instant sendAt) {
      this(outboundId, channel, hourOfWeek, sendAt, Answer.NONE, null, false, null, null);
    }

    /**
     * A message not answered yet, and how likely the user was to be active in its window anyway.
     */
    public PendingSend(
        String outboundId, Channel channel, int hourOfWeek, Instant sendAt, Double expectedActive) {
      this(outboundId, channel, hourOfWeek, sendAt, Answer.NONE, expectedActive, false, null, null);
    }

    /** This message, of {@code intervention} in content {@code variant}. */
    public PendingSend of(String intervention, String variant) {
      return new PendingSend(
          outboundId,
          channel,
          hourOfWeek,
          sendAt,
          answer,
          expectedActive,
          activeAfter,
          intervention,
          variant,
          answeredAt,
          returned);
    }

    /** Whether the user has opened, clicked or converted after it. */
    public boolean answered() {
      return answer != Answer.NONE;
    }

    boolean attributes(Instant response, Duration window) {
      return !response.isBefore(sendAt) && !response.isAfter(sendAt.plus(window));
    }

    boolean windowEndedBefore(Instant now, Duration window) {
      return sendAt.plus(window).isBefore(now);
    }

    /**
     * With {@code next} as its answer; {@code openedAt}, when not null, is an open or click at that
     * time, of which the earliest is kept. A return already seen stays.
     */
    PendingSend with(Answer next, Instant openedAt) {
      Instant first =
          openedAt != null && (answeredAt == null || openedAt.isBefore(answeredAt))
              ? openedAt
              : answeredAt;
      return new PendingSend(
          outboundId,
          channel,
          hourOfWeek,
          sendAt,
          next,
          expectedActive,
          activeAfter,
          intervention,
          variant,
          first,
          returned);
    }

    PendingSend activeAt(Instant at, Duration window) {
      boolean active = activeAfter || attributes(at, window);
      boolean back = returned || returnsAt(at);
      if (active == activeAfter && back == returned) {
        return this;
      }
      return new PendingSend(
          outboundId,
          channel,
          hourOfWeek,
          sendAt,
          answer,
          expectedActive,
          active,
          intervention,
          variant,
          answeredAt,
          back);
    }

    /** Whether a session at {@code at} is a return after the first open or click. */
    private boolean returnsAt(Instant at) {
      return answeredAt != null
          && !at.isBefore(answeredAt)
          && !at.isAfter(answeredAt.plus(RETURN_WINDOW));
    }
  }

  /** The responsiveness after a settlement and the counts the settlement added. */
  public record Settlement(Responsiveness next, Map<String, ArmCounts> added) {
    public Settlement {
      Objects.requireNonNull(next, "next");
      added = Map.copyOf(added);
    }
  }

  public ArmCounts counts(String arm) {
    return arms.getOrDefault(arm, ArmCounts.NONE);
  }

  /** The pending message {@code outboundId}, if it is still awaiting the end of its window. */
  public Optional<PendingSend> pending(String outboundId) {
    return pending.stream().filter(p -> p.outboundId().equals(outboundId)).findFirst();
  }

  public Responsiveness withPending(PendingSend send) {
    if (pending(send.outboundId()).isPresent()) {
      return this;
    }
    List<PendingSend> next = new ArrayList<>(pending);
    next.add(send);
    if (next.size() > MAX_PENDING) {
      next.remove(0);
    }
    return new Responsiveness(arms, next, ignoredStreak, effect);
  }

  /**
   * Without the pending message {@code outboundId}: it was never sent, so it settles as nothing.
   */
  public Responsiveness withoutPending(String outboundId) {
    List<PendingSend> next =
        pending.stream().filter(p -> !p.outboundId().equals(outboundId)).toList();
    return next.size() == pending.size()
        ? this
        : new Responsiveness(arms, next, ignoredStreak, effect);
  }

  /** Whether a pending message's window ended before {@code now}. */
  public boolean hasExpired(Instant now, Duration window) {
    return pending.stream().anyMatch(p -> p.windowEndedBefore(now, window));
  }

  /**
   * Settles the pending messages whose window ended before {@code now}: answered ones as successes,
   * unanswered ones as failures (each one more in the ignored run). A message's content variant is
   * settled too, a success only when clicked or followed by a conversion, but only into the counts
   * added (the app-wide statistics): copy is the app's to learn, not the user's, and a profile
   * keeps no variant arms.
   */
  public Settlement settleExpired(Instant now, Duration window) {
    Map<String, ArmCounts> nextArms = new HashMap<>(arms);
    Map<String, ArmCounts> added = new HashMap<>();
    List<PendingSend> rest = new ArrayList<>();
    int streak = ignoredStreak;
    MessageEffect nextEffect = effect;
    for (PendingSend p : pending) {
      if (!p.windowEndedBefore(now, window)) {
        rest.add(p);
        continue;
      }
      if (p.expectedActive() != null) {
        nextEffect = nextEffect.plus((p.activeAfter() ? 1 : 0) - p.expectedActive());
      }
      nextEffect = nextEffect.answeredBy(p);
      ArmCounts outcome = p.answered() ? ArmCounts.SUCCESS : ArmCounts.FAILURE;
      if (!p.answered()) {
        streak++;
      }
      for (String arm : List.of(Arms.channel(p.channel()), Arms.hour(p.hourOfWeek()))) {
        nextArms.merge(arm, outcome, ArmCounts::plus);
        added.merge(arm, outcome, ArmCounts::plus);
      }
      if (p.variant() != null && p.intervention() != null) {
        added.merge(
            Arms.variant(p.intervention(), p.channel(), p.variant()),
            p.answer().actedOn() ? ArmCounts.SUCCESS : ArmCounts.FAILURE,
            ArmCounts::plus);
      }
    }
    if (rest.size() == pending.size()) {
      return new Settlement(this, Map.of());
    }
    return new Settlement(new Responsiveness(nextArms, rest, streak, nextEffect), added);
  }

  /**
   * Records an open or click of the pending message {@code outboundId} if {@code at} falls within
   * its window, ending the ignored run; otherwise changes nothing.
   */
  public Responsiveness respond(String outboundId, Instant at, Duration window) {
    return respond(outboundId, at, window, false);
  }

  /**
   * Records an open ({@code clicked} false) or a click or tap of the pending message {@code
   * outboundId} if {@code at} falls within its window, ending the ignored run; a stronger answer
   * already recorded stays.
   */
  public Responsiveness respond(String outboundId, Instant at, Duration window, boolean clicked) {
    Answer answer = clicked ? Answer.CLICKED : Answer.ENGAGED;
    for (PendingSend p : pending) {
      if (p.outboundId().equals(outboundId) && p.attributes(at, window)) {
        return answer(p, p.answer().compareTo(answer) >= 0 ? p.answer() : answer, at);
      }
    }
    return this;
  }

  /**
   * Records a conversion that names no message against the latest pending message whose window
   * holds {@code at} (last touch), ending the ignored run.
   */
  public Responsiveness convert(Instant at, Duration window) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      PendingSend p = pending.get(i);
      if (p.attributes(at, window)) {
        return answer(p, Answer.CONVERTED, null);
      }
    }
    return this;
  }

  /**
   * Records that the user was active at {@code at}: every pending message whose window holds it
   * counts the user as active after it, and one they opened or clicked within {@link
   * #RETURN_WINDOW} before it as having brought them back. Activity is folded in event-time order
   * within a batch; a session that reaches analyze in an earlier batch than the open it followed is
   * not read as a return.
   */
  public Responsiveness activeAt(Instant at, Duration window) {
    List<PendingSend> next = null;
    for (int i = 0; i < pending.size(); i++) {
      PendingSend p = pending.get(i);
      PendingSend seen = p.activeAt(at, window);
      if (seen != p) {
        if (next == null) {
          next = new ArrayList<>(pending);
        }
        next.set(i, seen);
      }
    }
    return next == null ? this : new Responsiveness(arms, next, ignoredStreak, effect);
  }

  private Responsiveness answer(PendingSend p, Answer answer, Instant openedAt) {
    List<PendingSend> next = new ArrayList<>(pending);
    next.set(next.indexOf(p), p.with(answer, openedAt));
    return new Responsiveness(arms, next, 0, effect);
  }
}
