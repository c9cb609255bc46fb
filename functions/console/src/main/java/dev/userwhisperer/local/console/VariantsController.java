package dev.userwhisperer.local.console;

import static dev.userwhisperer.local.console.DashboardReads.DashboardView.VARIANT_PERFORMANCE;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Each content variant's results, from the {@code variant_performance} view. */
@Controller
class VariantsController {
  private final ConsoleApps apps;
  private final DashboardReads reads;

  VariantsController(ConsoleApps apps, DashboardReads reads) {
    this.apps = apps;
    this.reads = reads;
  }

  @GetMapping("/console/apps/{appId}/variants")
  String variants(@PathVariable String appId, Model model) {
    model.addAttribute("page", apps.page("Variants", Page.Section.VARIANTS, appId));
    model.addAttribute("variants", TableView.of(reads.view(VARIANT_PERFORMANCE, appId), "app_id"));
    return "console/variants";
  }
}
