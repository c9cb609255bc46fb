package dev.userwhisperer.local.web;

import dev.userwhisperer.core.feedback.PreferencePage;
import dev.userwhisperer.core.feedback.TrackedLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The links in messages ({@code /v1/l/{token}/…}); every rule (tokens, the click's allowed URLs,
 * GET versus POST on unsubscribe, the rate limit) lives in core's {@link TrackedLinks} and {@link
 * PreferencePage}.
 */
@RestController
class LinkController {
  private final TrackedLinks links;
  private final PreferencePage preferences;

  LinkController(TrackedLinks links, PreferencePage preferences) {
    this.links = links;
    this.preferences = preferences;
  }

  @GetMapping("/v1/l/{token}/open")
  ResponseEntity<byte[]> open(@PathVariable String token, HttpServletRequest request) {
    return answer(links.open(request.getRemoteAddr(), token));
  }

  @GetMapping("/v1/l/{token}/click")
  ResponseEntity<byte[]> click(
      @PathVariable String token,
      @RequestParam(name = "u", required = false) String url,
      HttpServletRequest request) {
    return answer(links.click(request.getRemoteAddr(), token, url));
  }

  @GetMapping("/v1/l/{token}/unsubscribe")
  ResponseEntity<byte[]> unsubscribePage(@PathVariable String token, HttpServletRequest request) {
    return answer(links.unsubscribePage(request.getRemoteAddr(), token));
  }

  @PostMapping("/v1/l/{token}/unsubscribe")
  ResponseEntity<byte[]> unsubscribe(@PathVariable String token, HttpServletRequest request) {
    return answer(links.unsubscribe(request.getRemoteAddr(), token));
  }

  @GetMapping("/v1/l/{token}/preferences")
  ResponseEntity<byte[]> preferences(@PathVariable String token, HttpServletRequest request) {
    return answer(preferences.show(request.getRemoteAddr(), token));
  }

  @PostMapping("/v1/l/{token}/preferences")
  ResponseEntity<byte[]> savePreferences(
      @PathVariable String token,
      @RequestBody(required = false) String form,
      HttpServletRequest request) {
    return answer(preferences.save(request.getRemoteAddr(), token, form));
  }

  private static ResponseEntity<byte[]> answer(TrackedLinks.Answer answer) {
    HttpHeaders headers = new HttpHeaders();
    answer.headers().forEach(headers::set);
    headers.set(HttpHeaders.CONTENT_TYPE, answer.contentType());
    return ResponseEntity.status(answer.status()).headers(headers).body(answer.body());
  }
}
