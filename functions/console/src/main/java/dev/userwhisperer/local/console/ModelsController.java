package dev.userwhisperer.local.console;

import dev.userwhisperer.models.ModelsView;
import dev.userwhisperer.models.churn.LearnedChurnScorers;
import dev.userwhisperer.models.effect.ModelDirectory;
import dev.userwhisperer.models.effect.XgboostTreatmentEffectModels;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The app's models as {@code GET /v1/models} describes them, one card each. */
@Controller
class ModelsController {
  private final ConsoleApps apps;
  private final ModelDirectory directory;
  private final XgboostTreatmentEffectModels effectModels;
  private final ObjectProvider<LearnedChurnScorers> churn;

  ModelsController(
      ConsoleApps apps,
      ModelDirectory directory,
      XgboostTreatmentEffectModels effectModels,
      ObjectProvider<LearnedChurnScorers> churn) {
    this.apps = apps;
    this.directory = directory;
    this.effectModels = effectModels;
    this.churn = churn;
  }

  @GetMapping("/console/apps/{appId}/models")
  String models(@PathVariable String appId, Model model) {
    model.addAttribute("page", apps.page("Models", Page.Section.MODELS, appId));
    model.addAttribute(
        "models",
        ModelCards.of(
            ModelsView.of(
                appId, directory, effectModels, Optional.ofNullable(churn.getIfAvailable()))));
    return "console/models";
  }
}
