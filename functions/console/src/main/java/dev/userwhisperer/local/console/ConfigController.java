package dev.userwhisperer.local.console;

import dev.userwhisperer.core.appconfig.AppConfigApi;
import dev.userwhisperer.core.appconfig.AppConfigApi.Rejected;
import dev.userwhisperer.core.appconfig.AppConfigApi.Saved;
import dev.userwhisperer.core.appconfig.AppConfigRevision;
import dev.userwhisperer.core.appconfig.AppConfigStore;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The app's configuration: its newest version to edit, saved through {@link AppConfigApi#save} (the
 * rule of {@code PUT /v1/apps/{appId}/config}: validated against the schema, stored as the next
 * version); a refused document comes back as typed, with each violation under its JSON pointer.
 */
@Controller
class ConfigController {
  static final int HISTORY = 10;

  private final ConsoleApps apps;
  private final AppConfigApi api;
  private final AppConfigStore store;

  ConfigController(ConsoleApps apps, AppConfigApi api, AppConfigStore store) {
    this.apps = apps;
    this.api = api;
    this.store = store;
  }

  @GetMapping("/console/apps/{appId}/config")
  String show(@PathVariable String appId, @RequestParam(required = false) Long saved, Model model) {
    Optional<AppConfigRevision> latest = store.latest(appId);
    return render(
        appId, latest.map(r -> pretty(r.config())).orElse("{\n}"), List.of(), saved, model);
  }

  @PostMapping("/console/apps/{appId}/config")
  String save(@PathVariable String appId, @RequestParam String document, Model model) {
    apps.page("Configuration", Page.Section.CONFIG, appId);
    AppConfigApi.SaveOutcome outcome = api.save(appId, document.getBytes(StandardCharsets.UTF_8));
    if (outcome instanceof Saved saved) {
      return "redirect:" + Page.Section.CONFIG.href(appId) + "?saved=" + saved.revision().version();
    }
    return render(appId, document, ((Rejected) outcome).violations(), null, model);
  }

  private String render(
      String appId, String document, List<Violation> violations, Long saved, Model model) {
    model.addAttribute("page", apps.page("Configuration", Page.Section.CONFIG, appId));
    model.addAttribute(
        "config",
        new ConfigForm(
            document,
            violations,
            saved,
            store.history(appId, HISTORY).stream()
                .map(r -> new ConfigForm.Version(r.version(), Format.time(r.savedAt())))
                .toList()));
    return "console/config";
  }

  private static String pretty(Object config) {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(config);
  }
}
