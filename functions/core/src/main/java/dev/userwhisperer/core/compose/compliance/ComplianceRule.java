package dev.userwhisperer.core.compose.compliance;

/** The rules every message passes before it leaves; {@link #code()} is what a block records. */
public enum ComplianceRule {
  /**
   * Marketing e-mail: an unsubscribe link in both parts, List-Unsubscribe and its one-click POST.
   */
  UNSUBSCRIBE("unsubscribe"),
  /** Marketing e-mail of a configured app: the legal footer with the postal address. */
  LEGAL_FOOTER("legal_footer"),
  /** SMS: at most the app's segment limit (GSM-7 160/153, UCS-2 70/67 characters a segment). */
  SMS_SEGMENTS("sms_segments"),
  /** SMS: the opt-out notice in the first SMS a user gets. */
  SMS_OPT_OUT("sms_opt_out"),
  /** Push: title and body within their limits. */
  PUSH_LIMITS("push_limits"),
  /** No {@code {{...}}} left anywhere. */
  UNFILLED_PLACEHOLDER("unfilled_placeholder"),
  /** No e-mail address, phone number, user id or last name; the recipient's first name is fine. */
  PERSONAL_DATA("personal_data"),
  /** None of the app's banned words or claims. */
  BANNED_PHRASE("banned_phrase"),
  /** Every link inside the app's allowed domains or the platform's own. */
  LINK_DOMAIN("link_domain"),
  /** The text is in the language the message claims. */
  LANGUAGE("language");

  private final String code;

  ComplianceRule(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
