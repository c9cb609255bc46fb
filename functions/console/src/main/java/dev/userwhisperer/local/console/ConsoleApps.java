package dev.userwhisperer.local.console;

import dev.userwhisperer.core.port.App;
import dev.userwhisperer.core.port.AppStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** The apps the console can show (those not archived), and each page's frame for one of them. */
@Component
class ConsoleApps {
  private final AppStore apps;

  ConsoleApps(AppStore apps) {
    this.apps = apps;
  }

  List<String> ids() {
    return apps.list().stream().filter(a -> a.archivedAt() == null).map(App::appId).toList();
  }

  /** The frame of a page about {@code appId}; 404 when no such app is open. */
  Page page(String title, Page.Section section, String appId) {
    List<String> ids = ids();
    if (!ids.contains(appId)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no app " + appId);
    }
    return new Page(title, section, appId, ids);
  }

  static String base(String appId) {
    return "/console/apps/" + URLEncoder.encode(appId, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
