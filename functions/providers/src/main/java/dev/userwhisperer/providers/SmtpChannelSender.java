package dev.userwhisperer.providers;

import dev.userwhisperer.core.appconfig.AppConfig;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ChannelSender;
import dev.userwhisperer.core.port.OutcomeUnknown;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.SendRejected;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * E-mail over SMTP (Jakarta Mail) for self-hosters using any mail service. The Message-ID is ours
 * ({@code <outboundId@domain-of-from>}); the text and HTML parts (multipart/alternative) and the
 * headers are the message's as compose wrote them, as SendGrid sends them. SMTP replies 4xx are
 * "try later", 5xx a refusal for good; an I/O failure after the connection is up leaves the outcome
 * unknown. The sender is the app's configured e-mail identity (name, address, reply-to) for the
 * message's configuration version, else the deployment's {@code from}; the Message-ID keeps the
 * deployment's domain. SMTP has no API to ask what became of a send: an unknown outcome waits for
 * the bus's attempts to run out and stays a dead letter until an operator redrives it.
 */
final class SmtpChannelSender implements ChannelSender {
  private static final String PROVIDER = "smtp";

  private final Session session;
  private final InternetAddress from;
  private final String user;
  private final String password;
  private final AppSenders appSenders;
  private final Clock clock;

  /**
   * @param session with {@code mail.smtp.host}, {@code port}, timeouts and TLS settings
   * @param user null for an unauthenticated relay
   */
  SmtpChannelSender(
      Session session,
      String fromAddress,
      String user,
      String password,
      AppSenders appSenders,
      Clock clock) {
    this.session = Objects.requireNonNull(session, "session");
    try {
      this.from = new InternetAddress(Objects.requireNonNull(fromAddress, "fromAddress"), true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("not an e-mail address: the SMTP from address", e);
    }
    this.user = user;
    this.password = password;
    this.appSenders = Objects.requireNonNull(appSenders, "appSenders");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Delivery send(OutboundMessage message) {
    String messageIdHeader = "<" + message.outboundId() + "@" + domain() + ">";
    try {
      MimeMessage mime = new OurIdMimeMessage(session, messageIdHeader);
      identify(mime, message);
      mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(message.to()));
      mime.setSubject(message.subject() == null ? "" : message.subject(), "UTF-8");
      content(mime, message);
      for (Map.Entry<String, String> header : message.headers().entrySet()) {
        mime.setHeader(header.getKey(), header.getValue());
      }
      if (user == null) {
        Transport.send(mime);
      } else {
        Transport.send(mime, user, password);
      }
    } catch (AddressException | UnsupportedEncodingException e) {
      throw new SendRejected("invalid_address", "smtp: not an e-mail address");
    } catch (AuthenticationFailedException e) {
      throw new ProviderUnavailable("smtp refused our credentials", null, e);
    } catch (MessagingException e) {
      Integer reply = replyCode(e);
      if (reply != null) {
        throw replyFailure(reply);
      }
      IOException io = ioCause(e);
      if (io != null) {
        throw ProviderAnswers.ioFailure(PROVIDER, io);
      }
      throw new OutcomeUnknown("smtp failed mid-conversation: " + e.getClass().getSimpleName(), e);
    }
    return new Delivery(
        message.outboundId(),
        message.appId(),
        message.userId(),
        message.channel(),
        ProviderAnswers.SENT,
        messageIdHeader,
        clock.instant());
  }

  private void identify(MimeMessage mime, OutboundMessage message)
      throws MessagingException, UnsupportedEncodingException {
    Optional<AppConfig.EmailSender> identity = appSenders.email(message);
    if (identity.isEmpty()) {
      mime.setFrom(from);
      return;
    }
    AppConfig.EmailSender app = identity.get();
    mime.setFrom(new InternetAddress(app.fromAddress(), app.fromName(), "UTF-8"));
    if (app.replyTo() != null && !app.replyTo().isBlank()) {
      mime.setReplyTo(new InternetAddress[] {new InternetAddress(app.replyTo(), true)});
    }
  }

  /** The text alone, or the text and HTML parts as alternatives (the last one preferred). */
  private static void content(MimeMessage mime, OutboundMessage message) throws MessagingException {
    String charset = StandardCharsets.UTF_8.name();
    if (message.html() == null) {
      mime.setText(message.body(), charset);
      return;
    }
    MimeBodyPart text = new MimeBodyPart();
    text.setText(message.body(), charset);
    MimeBodyPart html = new MimeBodyPart();
    html.setText(message.html(), charset, "html");
    mime.setContent(new MimeMultipart("alternative", text, html));
  }

  private RuntimeException replyFailure(int replyCode) {
    // 4xx: transient (mailbox busy, greylisting); 5xx: permanent
    int asHttp = replyCode >= 400 && replyCode < 500 ? 503 : 400;
    return ProviderAnswers.failure(PROVIDER, asHttp, "smtp_" + replyCode, null, clock);
  }

  private String domain() {
    String address = from.getAddress();
    return address.substring(address.indexOf('@') + 1);
  }

  /** The SMTP reply code of the first failed command in the exception's chain, if any. */
  private static Integer replyCode(MessagingException e) {
    for (Exception x = e; x != null; ) {
      if (x instanceof SMTPSendFailedException f) {
        return f.getReturnCode();
      }
      if (x instanceof SMTPAddressFailedException f) {
        return f.getReturnCode();
      }
      if (x instanceof SMTPSenderFailedException f) {
        return f.getReturnCode();
      }
      x = x instanceof MessagingException m ? m.getNextException() : null;
    }
    return null;
  }

  private static IOException ioCause(MessagingException e) {
    for (Exception x = e; x != null; ) {
      if (x instanceof IOException io) {
        return io;
      }
      if (x.getCause() instanceof IOException io) {
        return io;
      }
      x = x instanceof MessagingException m ? m.getNextException() : null;
    }
    return null;
  }

  /** A MimeMessage that keeps the Message-ID we give it instead of generating one on save. */
  private static final class OurIdMimeMessage extends MimeMessage {
    private final String messageId;

    OurIdMimeMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
