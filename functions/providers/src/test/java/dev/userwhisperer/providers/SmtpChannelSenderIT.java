package dev.userwhisperer.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.ProviderUnavailable;
import dev.userwhisperer.core.port.SendRejected;
import dev.userwhisperer.core.testing.MutableClock;
import dev.userwhisperer.core.testing.OutboundMessages;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpChannelSenderIT {
  private static final Instant T = Instant.parse("2026-01-05T12:00:00Z");
  private final MutableClock clock = new MutableClock(T);
  private final OutboundMessage message = OutboundMessages.email("m-3", "ada@example.com");
  private GreenMail mail;

  @AfterEach
  void stop() {
    if (mail != null) {
      mail.stop();
    }
  }

  private SmtpChannelSender sender(int port) {
    return ProviderSenders.smtp(
        Settings.smtp("127.0.0.1", port),
        new EnvironmentSecrets(Map.of(), null),
        AppSenders.none(),
        clock);
  }

  @Test
  void sendsWithOurMessageIdBothPartsAndTheMessagesOwnUnsubscribeHeaders() throws Exception {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();

    Delivery delivery = sender(mail.getSmtp().getPort()).send(message);

    MimeMessage received = mail.getReceivedMessages()[0];
    assertThat(received.getMessageID()).isEqualTo("<m-3@whisperer.test>");
    assertThat(delivery.providerId()).isEqualTo("<m-3@whisperer.test>");
    assertThat(received.getSubject()).isEqualTo("Welcome aboard");
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
    assertThat(received.getHeader("List-Unsubscribe"))
        .containsExactly("<" + OutboundMessages.unsubscribeUrl("m-3") + ">");
    assertThat(received.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
        .isEqualTo("Hi Ada,\n\nGlad you are here.");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(((String) parts.getBodyPart(1).getContent()).replace("\r\n", "\n"))
        .isEqualTo("<p>Hi Ada,\n\nGlad you are here.</p>");
  }

  @Test
  void anAppsConfiguredIdentityIsTheFromAndReplyToWhileTheMessageIdKeepsOurDomain()
      throws Exception {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    SmtpChannelSender withApps =
        ProviderSenders.smtp(
            Settings.smtp("127.0.0.1", mail.getSmtp().getPort()),
            new EnvironmentSecrets(Map.of(), null),
            AppIdentities.demo("app1"),
            clock);

    withApps.send(AppIdentities.writtenFrom(message, 1));

    MimeMessage received = mail.getReceivedMessages()[0];
    assertThat(received.getFrom()[0].toString()).isEqualTo("Tempo <hello@tempo.example.com>");
    assertThat(received.getReplyTo()[0].toString()).isEqualTo("support@tempo.example.com");
    assertThat(received.getMessageID()).isEqualTo("<m-3@whisperer.test>");
  }

  @Test
  void aPermanentReplyToTheRecipientIsARefusal() throws Exception {
    try (ScriptedSmtp server = new ScriptedSmtp("550 5.1.1 <ada@example.com>: user unknown")) {
      assertThatThrownBy(() -> sender(server.port()).send(message))
          .isInstanceOfSatisfying(
              SendRejected.class, e -> assertThat(e.code()).isEqualTo("smtp_550"));
    }
  }

  @Test
  void aTransientReplyIsNotAcceptedAndMayBeRetried() throws Exception {
    try (ScriptedSmtp server = new ScriptedSmtp("451 4.7.1 greylisted, try again later")) {
      assertThatThrownBy(() -> sender(server.port()).send(message))
          .isExactlyInstanceOf(ProviderUnavailable.class);
    }
  }

  /** An SMTP server that answers RCPT TO with one scripted reply, as a real MTA would. */
  private static final class ScriptedSmtp implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0);
    private final Thread thread;

    ScriptedSmtp(String rcptReply) throws Exception {
      thread =
          new Thread(
              () -> {
                try (Socket s = socket.accept();
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    PrintWriter out =
                        new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                  out.print("220 stub.test ESMTP\r\n");
                  out.flush();
                  for (String line; (line = in.readLine()) != null; ) {
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    String reply =
                        switch (verb) {
                          case "EHLO", "HELO" -> "250 stub.test";
                          case "MAIL" -> "250 2.1.0 OK";
                          case "RCPT" -> rcptReply;
                          case "RSET", "NOOP" -> "250 2.0.0 OK";
                          case "QUIT" -> "221 2.0.0 bye";
                          default -> "502 5.5.2 not implemented";
                        };
                    out.print(reply + "\r\n");
                    out.flush();
                    if (verb.equals("QUIT")) {
                      return;
                    }
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2_000);
    }
  }
}
