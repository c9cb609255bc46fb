package dev.userwhisperer.core.compose;

import dev.userwhisperer.core.message.Provenance;
import java.util.Map;

/**
 * The default writer, and the one every other falls back to: the built-in copy of each intervention
 * × channel in en, es, fr, de and pt-BR ({@link TemplateBundle}), filled from the app's
 * configuration (product name, the feature to suggest and its link, the plan and its price) and the
 * user's situation (trial days left). Works offline and costs nothing.
 */
public final class TemplateWriter implements ContentWriter {
  private final Map<String, TemplateBundle> bundles;

  public TemplateWriter(Map<String, TemplateBundle> bundles) {
    this.bundles = Map.copyOf(bundles);
  }

  public static TemplateWriter builtIn() {
    return new TemplateWriter(TemplateBundle.builtIn());
  }

  public TemplateBundle bundle(String language) {
    return TemplateBundle.forLanguage(bundles, language);
  }

  @Override
  public Written write(ContentRequest request) {
    TemplateBundle bundle = bundle(request.language());
    return bundle
        .render(
            request.intervention(),
            request.channel(),
            request.variant(),
            CopyValues.of(request, bundle))
        .map(draft -> new Written(draft, Provenance.TEMPLATE, 0, 0))
        .orElseThrow(
            () ->
                new WriterFailure(
                    "no_template",
                    "no built-in copy for "
                        + request.intervention()
                        + " on "
                        + request.channel().wireName()
                        + " in variant "
                        + request.variant()));
  }
}
