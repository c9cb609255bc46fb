package dev.userwhisperer.core.message;

import java.util.List;

/** The topics between stages. Terraform creates exactly these, each with a dead-letter topic. */
public final class Topics {
  public static final String EVENTS = "events";
  public static final String SIGNALS = "signals";
  public static final String DECISIONS = "decisions";
  public static final String OUTBOUND_EMAIL = "outbound.email";
  public static final String OUTBOUND_SMS = "outbound.sms";
  public static final String OUTBOUND_PUSH = "outbound.push";

  public static final List<String> ALL =
      List.of(EVENTS, SIGNALS, DECISIONS, OUTBOUND_EMAIL, OUTBOUND_SMS, OUTBOUND_PUSH);

  public static String outbound(Channel channel) {
    return switch (channel) {
      case EMAIL -> OUTBOUND_EMAIL;
      case SMS -> OUTBOUND_SMS;
      case PUSH -> OUTBOUND_PUSH;
    };
  }

  public static String deadLetter(String topic) {
    return topic + ".dead-letter";
  }

  private Topics() {}
}
