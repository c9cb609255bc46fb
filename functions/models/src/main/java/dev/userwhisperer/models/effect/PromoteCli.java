package dev.userwhisperer.models.effect;

import dev.userwhisperer.models.effect.ModelDirectory.Slot;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code promote --models DIR --app APP --intervention NAME --candidate DIR}: submits a model that
 * {@code uplift train} wrote to the app's model directory, where {@link UpliftPromotion} promotes
 * it or says why not. Exit status 0 promoted (or already live), 3 kept out, 2 bad usage or a model
 * that cannot be scored.
 */
public final class PromoteCli {
  private static final List<String> OPTIONS =
      List.of("--models", "--app", "--intervention", "--candidate");

  private PromoteCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, Clock.systemUTC()));
  }

  static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
        err.println("usage: promote " + String.join(" VALUE ", OPTIONS) + " VALUE");
        return 2;
      }
      options.put(args[i], args[++i]);
    }
    if (!options.keySet().containsAll(OPTIONS)) {
      err.println("usage: promote " + String.join(" VALUE ", OPTIONS) + " VALUE");
      return 2;
    }
    Path candidate = Path.of(options.get("--candidate"));
    if (!Files.isDirectory(candidate)) {
      err.println("--candidate: no directory " + candidate);
      return 2;
    }
    try {
      Slot slot = new Slot(options.get("--app"), options.get("--intervention"));
      Promotion.Verdict v =
          new UpliftPromotion(new FileModelDirectory(Path.of(options.get("--models"))), clock)
              .submit(slot, candidate);
      out.println(v.reason() + ": " + v.detail());
      return v.promoted() ? 0 : 3;
    } catch (InvalidModelException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
  }
}
