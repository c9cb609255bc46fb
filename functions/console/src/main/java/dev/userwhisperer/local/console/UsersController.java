package dev.userwhisperer.local.console;

import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.port.DecisionLog;
import dev.userwhisperer.core.port.MessageHistory;
import dev.userwhisperer.core.port.ProfileStore;
import dev.userwhisperer.core.privacy.MergedUserHistory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Finding a user (an exact id opens the user, a prefix lists the matches) and the user's page:
 * profile from the profile store; decisions, messages and consent from the decision log, the
 * message history and the consent trail, under the user's id and the anonymous ids an alias merged
 * into it ({@link MergedUserHistory}); events from the warehouse.
 */
@Controller
class UsersController {
  static final int MATCHES = 50;
  static final int EVENTS = 100;
  static final int DECISIONS = 50;
  static final int MESSAGES = 50;

  private final ConsoleApps apps;
  private final ProfileStore profiles;
  private final MergedUserHistory history;
  private final DashboardReads reads;

  UsersController(
      ConsoleApps apps,
      ProfileStore profiles,
      DecisionLog decisions,
      MessageHistory messages,
      ConsentTrail consent,
      DashboardReads reads) {
    this.apps = apps;
    this.profiles = profiles;
    this.history = new MergedUserHistory(profiles, decisions, messages, consent);
    this.reads = reads;
  }

  @GetMapping("/console/apps/{appId}/users")
  String find(@PathVariable String appId, @RequestParam(defaultValue = "") String q, Model model) {
    Page page = apps.page("Users", Page.Section.USERS, appId);
    String query = q.strip();
    if (!query.isEmpty() && profiles.find(appId, query).isPresent()) {
      return "redirect:" + userHref(appId, query);
    }
    List<String> matches = reads.usersStartingWith(appId, query, MATCHES);
    model.addAttribute("page", page);
    model.addAttribute("query", query);
    model.addAttribute("matches", matches);
    return "console/users";
  }

  @GetMapping("/console/apps/{appId}/users/{userId}")
  String user(@PathVariable String appId, @PathVariable String userId, Model model) {
    Page page = apps.page("User " + userId, Page.Section.USERS, appId);
    var profile =
        profiles
            .find(appId, userId)
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no user " + userId));
    model.addAttribute("page", page);
    List<String> ids = history.ids(appId, userId);
    model.addAttribute(
        "user",
        new UserPage(
            profile,
            ids.subList(1, ids.size()),
            TableView.of(reads.userEvents(appId, userId, EVENTS)),
            history.decisions(appId, userId, DECISIONS),
            history.messages(appId, userId, MESSAGES),
            history.consent(appId, userId)));
    return "console/user";
  }

  static String userHref(String appId, String userId) {
    return ConsoleApps.base(appId)
        + "/users/"
        + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
