package dev.userwhisperer.local.console;

import dev.userwhisperer.core.port.MessageHistory;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The app's messages, newest first, each with its status; a message's preview on demand. */
@Controller
class MessagesController {
  static final int LIMIT = 200;
  static final String EMAIL_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";

  private final ConsoleApps apps;
  private final MessageHistory messages;

  MessagesController(ConsoleApps apps, MessageHistory messages) {
    this.apps = apps;
    this.messages = messages;
  }

  @GetMapping("/console/apps/{appId}/messages")
  String list(@PathVariable String appId, Model model) {
    model.addAttribute("page", apps.page("Messages", Page.Section.MESSAGES, appId));
    model.addAttribute("messages", messages.recent(appId, LIMIT));
    return "console/messages";
  }

  /** A fragment that htmx swaps into the page: the message as its recipient sees it. */
  @GetMapping("/console/apps/{appId}/messages/{outboundId}/preview")
  String preview(@PathVariable String appId, @PathVariable String outboundId, Model model) {
    MessageHistory.Entry entry = entry(appId, outboundId);
    model.addAttribute("entry", entry);
    model.addAttribute(
        "htmlHref",
        entry.message().html() == null
            ? null
            : Page.Section.MESSAGES.href(appId) + "/" + outboundId + "/html");
    return "console/message-preview";
  }

  /**
   * The e-mail's HTML for the preview's sandboxed frame, made inert ({@link MessagePreview}) and
   * under a policy of its own: no script, no image, nothing from elsewhere, framed only here.
   */
  @GetMapping(
      path = "/console/apps/{appId}/messages/{outboundId}/html",
      produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> html(
      @PathVariable String appId, @PathVariable String outboundId, HttpServletResponse response) {
    String html = entry(appId, outboundId).message().html();
    if (html == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no HTML in " + outboundId);
    }
    // replaces the console's policy, which forbids framing
    response.setHeader("Content-Security-Policy", EMAIL_POLICY);
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(MessagePreview.inertHtml(html));
  }

  private MessageHistory.Entry entry(String appId, String outboundId) {
    apps.page("Messages", Page.Section.MESSAGES, appId);
    return messages
        .find(appId, outboundId)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no message " + outboundId));
  }
}
