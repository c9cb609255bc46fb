package dev.userwhisperer.local.web;

import dev.userwhisperer.local.console.ConsoleSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Signs a browser in to the console with the admin token, and out again. */
@Controller
class ConsoleLoginController {
  private final AdminToken token;

  ConsoleLoginController(AdminToken token) {
    this.token = token;
  }

  @GetMapping("/console/login")
  String form(Model model) {
    model.addAttribute("error", null);
    return "console/login";
  }

  @PostMapping("/console/login")
  String signIn(
      @RequestParam(defaultValue = "") String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (!this.token.matches(token.strip())) {
      response.setStatus(401);
      model.addAttribute("error", "That is not the admin token.");
      return "console/login";
    }
    ConsoleSession.signIn(request);
    return "redirect:/console";
  }

  @PostMapping("/console/logout")
  String signOut(HttpServletRequest request) {
    ConsoleSession.signOut(request);
    return "redirect:/console/login";
  }
}
